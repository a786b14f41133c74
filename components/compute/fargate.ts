/**
 * Task sizes Fargate accepts (Linux). Source: Amazon ECS developer guide, "Task CPU and memory" (the table
 * of supported task CPU and memory values for tasks hosted on Fargate).
 */

/** For each task CPU value (CPU units), the memory values (MiB) Fargate accepts with it. */
export const FARGATE_SIZES: Readonly<Record<number, readonly number[]>> = {
  256: [512, 1024, 2048],
  512: [1024, 2048, 3072, 4096],
  1024: range(2048, 8192, 1024),
  2048: range(4096, 16384, 1024),
  4096: range(8192, 30720, 1024),
  8192: range(16384, 61440, 4096),
  16384: range(32768, 122880, 8192),
};

function range(from: number, to: number, step: number): number[] {
  const out: number[] = [];
  for (let v = from; v <= to; v += step) {
    out.push(v);
  }
  return out;
}

function describe(values: readonly number[]): string {
  if (values.length <= 4) {
    return values.join(", ");
  }
  const step = values[1] - values[0];
  return `${values[0]}..${values[values.length - 1]} in steps of ${step}`;
}

/**
 * What is wrong with a Fargate task size, or undefined when Fargate supports it. The message names the
 * values allowed, so that the config problem says how to fix it.
 */
export function fargateSizeProblem(cpu: number, memory: number): string | undefined {
  const memories = FARGATE_SIZES[cpu];
  if (memories === undefined) {
    return `Fargate has no task size with cpu ${cpu}; cpu is one of ${Object.keys(FARGATE_SIZES).join(", ")}`;
  }
  if (!memories.includes(memory)) {
    return `Fargate does not support cpu ${cpu} with memory ${memory}; with cpu ${cpu} use memory ${describe(memories)} (MiB)`;
  }
  return undefined;
}
