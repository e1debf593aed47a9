// Kubernetes resource quantities (k8s.io/apimachinery/pkg/api/resource): parse, compare, format.
// Each digit has one place to match ("\d+(?:\.\d*)?", not "\d+\.?\d*"): a long run of digits is not backtracked quadratically.
const QUANTITY = /^([+-]?(?:\d+(?:\.\d*)?|\.\d+))(Ki|Mi|Gi|Ti|Pi|Ei|n|u|m|k|M|G|T|P|E|[eE][+-]?\d+)?$/;

const MULTIPLIER: Record<string, number> = {
  "": 1,
  n: 1e-9,
  u: 1e-6,
  m: 1e-3,
  k: 1e3,
  M: 1e6,
  G: 1e9,
  T: 1e12,
  P: 1e15,
  E: 1e18,
  Ki: 2 ** 10,
  Mi: 2 ** 20,
  Gi: 2 ** 30,
  Ti: 2 ** 40,
  Pi: 2 ** 50,
  Ei: 2 ** 60,
};

export function isQuantity(text: string): boolean {
  return QUANTITY.test(text) && !text.startsWith("-");
}

/** The quantity in base units (cores, bytes, or a plain count). Throws on malformed input. */
export function parseQuantity(text: string): number {
  const match = QUANTITY.exec(text);
  if (!match) throw new Error(`not a Kubernetes quantity: "${text}"`);
  const [, number, suffix = ""] = match;
  const multiplier = MULTIPLIER[suffix] ?? 10 ** Number(suffix.slice(1));
  return Number(number) * multiplier;
}

/** CPU in whole millicores, rounded up, as Kubernetes prints it: "3" or "2500m". */
export function formatCpu(cores: number): string {
  const millis = Math.ceil(Math.round(cores * 1e6) / 1e3);
  return millis % 1000 === 0 ? String(millis / 1000) : `${millis}m`;
}

/** Bytes rounded up: to whole Gi from 10Gi on, else to whole Mi ("512Mi", "1536Mi", "677Gi"). */
export function formatMemory(bytes: number): string {
  const mebibytes = Math.ceil(Math.round(bytes) / 2 ** 20);
  if (mebibytes % 1024 === 0) return `${mebibytes / 1024}Gi`;
  return mebibytes >= 10 * 1024 ? `${Math.ceil(mebibytes / 1024)}Gi` : `${mebibytes}Mi`;
}
