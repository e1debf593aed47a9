// The field path of the first key a YAML document repeats (js-yaml reports only line:column):
// a repeated service name is a duplicate service, and the user should be told which.
import * as yaml from "js-yaml";

type Frame = { kind: "mapping"; keys: Set<string>; pendingKey?: string } | { kind: "sequence"; index: number };

export function duplicateKeyPath(text: string): (string | number)[] | undefined {
  const stack: Frame[] = [];
  const path: (string | number)[] = [];
  // After a value completes, the enclosing container moves on to its next key or index.
  const valueDone = () => {
    const top = stack.at(-1);
    if (top?.kind === "mapping") top.pendingKey = undefined;
    else if (top?.kind === "sequence") top.index++;
  };
  const enterValue = () => {
    const top = stack.at(-1);
    if (top?.kind === "mapping") path.push(top.pendingKey ?? "?");
    else if (top?.kind === "sequence") path.push(top.index);
  };
  for (const event of yaml.parseEvents(text, {})) {
    const top = stack.at(-1);
    if (event.type === yaml.EVENT_ID.SCALAR || event.type === yaml.EVENT_ID.ALIAS) {
      if (top?.kind === "mapping" && top.pendingKey === undefined && event.type === yaml.EVENT_ID.SCALAR) {
        const key = yaml.getScalarValue(text, event);
        if (top.keys.has(key)) return [...path, key];
        top.keys.add(key);
        top.pendingKey = key;
      } else {
        valueDone();
      }
    } else if (event.type === yaml.EVENT_ID.MAPPING || event.type === yaml.EVENT_ID.SEQUENCE) {
      enterValue();
      stack.push(event.type === yaml.EVENT_ID.MAPPING ? { kind: "mapping", keys: new Set() } : { kind: "sequence", index: 0 });
    } else if (event.type === yaml.EVENT_ID.POP && stack.length > 0) {
      stack.pop();
      if (stack.length > 0) {
        path.pop();
        valueDone();
      }
    }
  }
  return undefined;
}
