/** "1 tenant", "3 tenants": a count with its noun, for every message main and the page show. */
export const plural = (n: number, one: string, many = `${one}s`): string => `${n} ${n === 1 ? one : many}`;
