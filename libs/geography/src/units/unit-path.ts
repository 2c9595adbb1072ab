/** The province code of a unit's tree path (`22.06673.0001` -> `22`): its first label. */
export function provinceCodeOfPath(path: string): string {
  const code = path.split('.')[0];
  if (!/^[0-9]{2}$/.test(code)) throw new Error(`not a unit path: ${path}`);
  return code;
}
