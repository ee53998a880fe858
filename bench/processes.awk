# SPDX-License-Identifier: GPL-2.0
#
# Folds the output of benchmark programs each run in several processes,
# each process started after a line "-- process N" (N from 1 for each
# program, and a line "-- end" after the last). Prints what every
# program's first process prints but its RESULT lines, and all else; then,
# for each RESULT ("RESULT KEY: RATIOx ... (NOTE)"), the median of the
# processes' ratios, their range and the NOTE (the target). Under TCG where
# a process's code and data land moves its results by a few per cent; the
# median over processes passes that by.
function median_range(key, c, i, j, t, v) {
	for (i = 1; i <= c; i++)
		v[i] = val[key, i]
	for (i = 2; i <= c; i++)	# insertion sort: a handful of values
		for (j = i; j > 1 && v[j - 1] > v[j]; j--) {
			t = v[j]; v[j] = v[j - 1]; v[j - 1] = t
		}
	return sprintf("%.3fx (median of %d processes; range %.3fx .. %.3fx)",
		       c % 2 ? v[(c + 1) / 2] : (v[c / 2] + v[c / 2 + 1]) / 2, c, v[1], v[c])
}

BEGIN { first = 1 }
/^-- process [0-9]+$/ { first = $3 == 1; next }
/^-- end$/ { first = 1; next }
/^RESULT / {
	i = index($0, ": ")
	key = substr($0, 8, i - 8)
	rest = substr($0, i + 2)
	if (!(key in count))
		order[++keys] = key
	val[key, ++count[key]] = rest + 0
	note[key] = ""
	if (match(rest, /\([^()]*\)$/))
		note[key] = " " substr(rest, RSTART, RLENGTH)
	next
}
first { print }
END {
	for (k = 1; k <= keys; k++)
		print "RESULT " order[k] ": " median_range(order[k], count[order[k]]) note[order[k]]
}
