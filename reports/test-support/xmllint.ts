import { readFileSync } from 'node:fs'
import { validateXML } from 'xmllint-wasm'

/**
 * libxml2's own xmllint, compiled to WebAssembly and installed from the npm registry
 * (`xmllint-wasm`), so the JUnit schema checks run on a machine with Node and npm only. It is
 * given the command-line arguments the native tool takes; the document is `report.xml` and the
 * JUnit schema `junit.xsd` in its in-memory file system.
 */
const SCHEMA = { fileName: 'junit.xsd', contents: readFileSync(new URL('../schemas/junit.xsd', import.meta.url), 'utf8') }

export interface Lint {
  /** 0 when xmllint succeeded (the document is well-formed and, with --schema, valid). */
  readonly code: number
  readonly stdout: string
  readonly stderr: string
}

export async function xmllint(xml: string, args: readonly string[]): Promise<Lint> {
  const result = await validateXML({
    xml: { fileName: 'report.xml', contents: xml },
    preload: SCHEMA,
    // `normalization` only makes the library return xmllint's stdout; the arguments are replaced.
    normalization: 'format',
    modifyArguments: () => [...args, 'report.xml'],
  })
  return { code: result.valid ? 0 : 1, stdout: result.normalized, stderr: result.rawOutput }
}
