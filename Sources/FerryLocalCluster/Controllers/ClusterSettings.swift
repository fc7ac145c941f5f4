import Foundation

/// How the embedded cluster simulates what a real cluster's nodes would do.
public struct ClusterSettings: Sendable {
    /// How long a new pod stays `ContainerCreating` before its containers run.
    public var podStartDelay: Duration
    /// The images that exist, normalised (`docker.io/library/spark:2.1.0`); nil means
    /// every image exists. A pod using a missing one never starts (`ErrImagePull`).
    public var imageCatalog: Set<String>?
    /// How long a failed pull shows `ErrImagePull` before the kubelet reports `ImagePullBackOff`.
    public var imagePullBackOffDelay: Duration
    /// The first back-off between pull attempts; it doubles after each failure, as the
    /// kubelet's image back-off does (10 s upstream).
    public var imagePullBackOffPeriod: Duration
    /// The longest back-off between pull attempts (300 s upstream).
    public var imagePullBackOffLimit: Duration
    /// How long the containers of a pod that runs to completion (restartPolicy
    /// `Never` or `OnFailure`, as Job pods have) run before they exit. See
    /// ``ContainerExit`` for how a container is told to fail.
    public var podRunDuration: Duration
    /// The first back-off before a failed container of an `OnFailure` pod is restarted;
    /// it doubles after each failure (`CrashLoopBackOff`, 10 s upstream).
    public var restartBackOffPeriod: Duration
    /// The longest restart back-off (300 s upstream).
    public var restartBackOffLimit: Duration
    /// How long the kubelet takes to stop a deleted pod's containers; a pod's grace
    /// period, when shorter, caps it. The pod shows `Terminating` meanwhile.
    public var podStopDelay: Duration
    /// The node every pod is bound to.
    public var nodeName: String
    /// Whether the controllers write Events (`ScalingReplicaSet`, `SuccessfulCreate`, ...).
    public var recordEvents: Bool
    /// How long Events are kept after they were last seen (the API server's `--event-ttl`, 1 h).
    public var eventTTL: Duration

    /// Settings with the defaults of a small, quick cluster.
    public init(
        podStartDelay: Duration = .seconds(1),
        imageCatalog: Set<String>? = nil,
        imagePullBackOffDelay: Duration = .seconds(2),
        imagePullBackOffPeriod: Duration = .seconds(10),
        imagePullBackOffLimit: Duration = .seconds(300),
        podRunDuration: Duration = .seconds(2),
        restartBackOffPeriod: Duration = .seconds(10),
        restartBackOffLimit: Duration = .seconds(300),
        podStopDelay: Duration = .seconds(1),
        nodeName: String = "ferry-local",
        recordEvents: Bool = true,
        eventTTL: Duration = .seconds(3600)
    ) {
        self.podStartDelay = podStartDelay
        self.imageCatalog = imageCatalog
        self.imagePullBackOffDelay = imagePullBackOffDelay
        self.imagePullBackOffPeriod = imagePullBackOffPeriod
        self.imagePullBackOffLimit = imagePullBackOffLimit
        self.podRunDuration = podRunDuration
        self.restartBackOffPeriod = restartBackOffPeriod
        self.restartBackOffLimit = restartBackOffLimit
        self.podStopDelay = podStopDelay
        self.nodeName = nodeName
        self.recordEvents = recordEvents
        self.eventTTL = eventTTL
    }

    /// Reads an image catalog: one image reference per line; blank lines and `#`
    /// comments are ignored. References come back normalised, so `spark:2.1.0` and
    /// `docker.io/library/spark:2.1.0` are the same entry.
    public static func loadImageCatalog(path: String) throws -> Set<String> {
        let text: String
        do {
            text = try String(contentsOfFile: path, encoding: .utf8)
        } catch {
            throw ImageCatalogError(message: "cannot read the image catalog \(path): \(error.localizedDescription)")
        }
        return parseImageCatalog(text)
    }

    /// The references listed in a catalog's text, normalised.
    public static func parseImageCatalog(_ text: String) -> Set<String> {
        var images: Set<String> = []
        for line in text.split(whereSeparator: \.isNewline) {
            var entry = Substring(line)
            if let hash = entry.firstIndex(of: "#") { entry = entry[..<hash] }
            let reference = entry.trimmingCharacters(in: .whitespaces)
            if reference.isEmpty { continue }
            images.insert(ImageReference.normalize(reference))
        }
        return images
    }
}

/// An image catalog that could not be read.
public struct ImageCatalogError: Error, Sendable, CustomStringConvertible {
    /// What went wrong, naming the file.
    public var message: String
    /// The message.
    public var description: String { message }
}
