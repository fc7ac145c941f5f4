enum GitBenchmark {
    static func run() { print("git: not written yet") }
}
