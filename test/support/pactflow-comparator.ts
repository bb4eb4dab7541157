/**
 * PactFlow's comparator (@pactflow/openapi-pact-comparator, MIT), typed for the parts the differential suite and
 * the benchmark use. Its package lists the "types" condition after "import", so TypeScript under NodeNext does not
 * see its declarations; this adapter states the small surface we rely on.
 */
import * as opc from '@pactflow/openapi-pact-comparator'

export interface ComparatorResult {
  code: string
  message: string
  type: 'error' | 'warning'
  mockDetails?: { interactionDescription?: string; location?: string }
}

export interface PactflowComparator {
  compare(pact: unknown): AsyncGenerator<ComparatorResult>
}

export const Comparator = (opc as unknown as { Comparator: new (options: { oas?: unknown; asyncapi?: unknown }) => PactflowComparator }).Comparator
