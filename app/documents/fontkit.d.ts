// fontkit (pdfkit's font engine) ships no types; carecert only parses fonts with it, once per process.
declare module "fontkit" {
  export function create(buffer: Uint8Array, postscriptName?: string): { postscriptName: string };
}
