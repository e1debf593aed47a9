import { validationThroughput } from "./validation.js";
const r = await validationThroughput(process.argv[2] ?? "environments", 7);
console.log(JSON.stringify(r));
