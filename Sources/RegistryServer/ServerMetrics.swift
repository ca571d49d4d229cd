import Prometheus

/// The server's Prometheus metrics: requests by route, imports, matches,
/// and the review queue (read from the registry at each scrape).
final class ServerMetrics: Sendable {
    let registry = PrometheusCollectorRegistry()
    private static let buckets: [Duration] = [.milliseconds(1), .milliseconds(2), .milliseconds(5), .milliseconds(10), .milliseconds(25),
                                              .milliseconds(50), .milliseconds(100), .milliseconds(250), .milliseconds(500), .seconds(1),
                                              .seconds(5), .seconds(30)]

    private static func name(_ subsystem: String, _ metric: String, _ unit: String, _ help: String) -> MetricNameDescriptor {
        MetricNameDescriptor(namespace: subsystem == "http" ? nil : "teacher_registry", subsystem: subsystem == "http" ? "http" : nil,
                             metricName: metric, unitName: unit, helpText: help)
    }

    private static var requests: MetricNameDescriptor { name("http", "requests", "total", "HTTP requests by route, method and status") }
    private static var latency: MetricNameDescriptor { name("http", "request_duration", "seconds", "HTTP request latency by route and method") }
    private static var importFiles: MetricNameDescriptor { name("", "import_files", "total", "Files imported, by outcome") }
    private static var importRows: MetricNameDescriptor { name("", "import_rows", "total", "Rows in files imported, by outcome") }
    private static var matches: MetricNameDescriptor { name("", "match_requests", "total", "Match requests answered") }
    private static var reviewQueue: MetricNameDescriptor { name("", "review_queue", "size", "Rows waiting for a person to decide") }
    private static var teachers: MetricNameDescriptor { name("", "teachers", "count", "Teachers in the registry (not merged away)") }

    func request(route: String, method: String, status: Int, duration: Duration) {
        registry.makeCounter(descriptor: Self.requests, labels: [("route", route), ("method", method), ("status", String(status))]).increment()
        registry.makeDurationHistogram(descriptor: Self.latency, labels: [("route", route), ("method", method)], buckets: Self.buckets)
            .record(duration)
    }

    func imported(files: [(state: String, rows: Int)]) {
        for file in files {
            registry.makeCounter(descriptor: Self.importFiles, labels: [("state", file.state)]).increment()
            registry.makeCounter(descriptor: Self.importRows, labels: [("state", file.state)]).increment(by: Int64(file.rows))
        }
    }

    func matched() {
        registry.makeCounter(descriptor: Self.matches).increment()
    }

    func exposition(reviewQueue: Int, teachers: Int) -> [UInt8] {
        registry.makeGauge(descriptor: Self.reviewQueue).set(Double(reviewQueue))
        registry.makeGauge(descriptor: Self.teachers).set(Double(teachers))
        return registry.emitToBuffer()
    }
}
