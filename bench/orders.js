/**
 * Orders of 0..n-1, each a round, balanced for the candidate run just before: over all rows every
 * candidate follows every other one equally often (Williams, 1949: the row 0, 1, n-1, 2, n-2, ...
 * shifted by each k, and for odd n also each row reversed).
 */
function williamsOrders(n) {
	const first = [0];
	for (let low = 1, high = n - 1; first.length < n; ) {
		first.push(low++);
		if (first.length < n) first.push(high--);
	}
	const rows = first.map((_, k) => first.map((v) => (v + k) % n));
	return n % 2 === 0 ? rows : [...rows, ...rows.map((row) => [...row].reverse())];
}

module.exports = { williamsOrders };
