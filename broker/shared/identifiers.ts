/**
 * @module shared/identifiers
 * The one rule for the names people and CI systems give things — pacticipant names, version numbers, branch
 * names, tag names, environment names: not blank, at most 255 characters, and no control characters (CR, LF,
 * tab, NUL, …). A version number with a CR/LF in it was accepted and stored, to be echoed into logs, headers and
 * CLI output later. Services check a name when they create the thing it names, whichever route (or future route)
 * the request came through; names already stored stay usable.
 */
import { ValidationError } from './errors.js'

export type IdentifierKind = 'pacticipant name' | 'version number' | 'branch name' | 'tag name' | 'environment name' | 'label name'

export const MAX_IDENTIFIER_LENGTH = 255

/** Control characters (C0, DEL, C1) and the Unicode line and paragraph separators. */
const CONTROL = /[\p{Cc}\u2028\u2029]/u

/** Why `value` is not acceptable as a `kind`, or undefined when it is. */
export function identifierProblem(kind: IdentifierKind, value: string): string | undefined {
  if (value.trim() === '') return `The ${kind} must not be blank.`
  if (value.length > MAX_IDENTIFIER_LENGTH) return `The ${kind} must be at most ${MAX_IDENTIFIER_LENGTH} characters long, got ${value.length}.`
  if (CONTROL.test(value)) return `The ${kind} ${JSON.stringify(value)} contains a control character (such as CR, LF, tab or NUL); remove it.`
  return undefined
}

/**
 * Throws ValidationError when `value` is not acceptable as a `kind` (`pointer` names the field when the caller knows it).
 * @example checkIdentifier('version number', input.number)
 */
export function checkIdentifier(kind: IdentifierKind, value: string, pointer = ''): void {
  const problem = identifierProblem(kind, value)
  if (problem) throw new ValidationError([{ pointer, detail: problem }], problem)
}
