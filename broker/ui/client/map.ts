// The dependency map (written next).
