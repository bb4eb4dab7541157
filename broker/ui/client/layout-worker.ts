// The map's layout worker (written next).
