const probes = new Map<string, () => unknown>()

export function registerProbe(name: string, probe: () => unknown): void {
  probes.set(name, probe)
}
