/** JSON text as a value, or undefined when it is not JSON (an answer or a line we read but did not write). */
export function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
