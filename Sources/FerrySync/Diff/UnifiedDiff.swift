/// A unified diff of two texts by lines (Myers' algorithm), as `diff -u` prints it.
public enum UnifiedDiff {
    enum Edit: Equatable { case same(String), removed(String), added(String) }

    /// The diff with `context` lines around each change, or "" when the texts are equal.
    public static func diff(_ old: String, _ new: String, oldName: String, newName: String, context: Int = 3) -> String {
        let a = lines(old), b = lines(new)
        let edits = script(a, b)
        guard edits.contains(where: { if case .same = $0 { return false } else { return true } }) else { return "" }
        var output = "--- \(oldName)\n+++ \(newName)\n"
        for hunk in hunks(edits, context: context) { output += hunk }
        return output
    }

    static func lines(_ text: String) -> [String] {
        var parts = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        if parts.last == "" { parts.removeLast() }
        return parts
    }

    /// The shortest edit script from `a` to `b` (Myers 1986, greedy forward search
    /// with the trace kept for backtracking).
    static func script(_ a: [String], _ b: [String]) -> [Edit] {
        let n = a.count, m = b.count
        let maximum = n + m
        var frontier = [Int](repeating: 0, count: 2 * maximum + 2)
        var trace: [[Int]] = []
        var found = false
        for d in 0...maximum {
            trace.append(frontier)
            for k in stride(from: -d, through: d, by: 2) {
                var x: Int
                if k == -d || (k != d && frontier[maximum + k - 1] < frontier[maximum + k + 1]) {
                    x = frontier[maximum + k + 1]
                } else {
                    x = frontier[maximum + k - 1] + 1
                }
                var y = x - k
                while x < n, y < m, a[x] == b[y] { x += 1; y += 1 }
                frontier[maximum + k] = x
                if x >= n, y >= m { found = true; break }
            }
            if found { break }
        }
        var edits: [Edit] = []
        var x = n, y = m
        for d in stride(from: trace.count - 1, through: 0, by: -1) {
            let previous = trace[d]
            let k = x - y
            let previousK = (k == -d || (k != d && previous[maximum + k - 1] < previous[maximum + k + 1])) ? k + 1 : k - 1
            let previousX = previous[maximum + previousK]
            let previousY = previousX - previousK
            while x > previousX, y > previousY { x -= 1; y -= 1; edits.append(.same(a[x])) }
            if d > 0 {
                if x == previousX { y -= 1; edits.append(.added(b[y])) } else { x -= 1; edits.append(.removed(a[x])) }
            }
        }
        return edits.reversed()
    }

    static func hunks(_ edits: [Edit], context: Int) -> [String] {
        var result: [String] = []
        var index = 0
        var oldLine = 1, newLine = 1
        var positions: [(old: Int, new: Int)] = []
        for edit in edits {
            positions.append((oldLine, newLine))
            switch edit {
            case .same: oldLine += 1; newLine += 1
            case .removed: oldLine += 1
            case .added: newLine += 1
            }
        }
        while index < edits.count {
            guard let change = edits[index...].firstIndex(where: { if case .same = $0 { return false } else { return true } }) else { break }
            let start = max(change - context, index == 0 ? 0 : index)
            var end = change
            var sameRun = 0
            var cursor = change
            while cursor < edits.count {
                if case .same = edits[cursor] { sameRun += 1 } else { sameRun = 0; end = cursor }
                if sameRun > 2 * context { break }
                cursor += 1
            }
            let stop = min(edits.count, end + context + 1)
            var body = ""
            var oldCount = 0, newCount = 0
            for edit in edits[start..<stop] {
                switch edit {
                case .same(let line): body += " \(line)\n"; oldCount += 1; newCount += 1
                case .removed(let line): body += "-\(line)\n"; oldCount += 1
                case .added(let line): body += "+\(line)\n"; newCount += 1
                }
            }
            let oldStart = oldCount == 0 ? positions[start].old - 1 : positions[start].old
            let newStart = newCount == 0 ? positions[start].new - 1 : positions[start].new
            result.append("@@ -\(oldStart),\(oldCount) +\(newStart),\(newCount) @@\n" + body)
            index = stop
        }
        return result
    }
}
