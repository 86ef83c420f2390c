/** The core benchmark's round orders: each candidate must follow every other one equally often (bench/orders.js). */
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { williamsOrders } = require('../../bench/orders') as { williamsOrders: (n: number) => number[][] };

describe('bench: Williams round orders', () => {
	it.each([2, 3, 4, 5, 6, 7])('%i candidates: every row a permutation, every ordered pair of neighbours equally often', (n) => {
		const rows = williamsOrders(n);
		expect(rows).toHaveLength(n % 2 === 0 ? n : 2 * n);
		const pairs = new Map<string, number>();
		for (const row of rows) {
			expect([...row].sort((a, b) => a - b)).toEqual([...Array(n).keys()]);
			for (let i = 1; i < row.length; i++) pairs.set(`${row[i - 1]}>${row[i]}`, (pairs.get(`${row[i - 1]}>${row[i]}`) ?? 0) + 1);
		}
		expect(pairs.size).toBe(n * (n - 1));
		expect(new Set(pairs.values())).toEqual(new Set([n % 2 === 0 ? 1 : 2]));
	});
});
