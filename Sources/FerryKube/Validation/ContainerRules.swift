import FerryYAML

/// One container of a pod template: its name, image, ports and environment.
enum ContainerRules {
    static func check(_ container: YAMLNode, path: String, _ findings: inout Findings) {
        if let name = container["name"], !name.isNull {
            if let text = name.string {
                if let reason = NameRules.dns1123Label(text) {
                    findings.add("\(path).name '\(text)' is not a valid container name: it \(reason)", at: name)
                }
            } else {
                findings.add("\(path).name must be a string, got \(name.kindDescription)", at: name)
            }
        } else {
            findings.add("\(path) has no name; every container needs one", at: container)
        }

        if let image = container["image"], !image.isNull {
            if let text = image.string {
                do { _ = try ImageReference(parsing: text) } catch {
                    findings.add("\(path).image: \(error)", at: image)
                }
            } else {
                findings.add("\(path).image must be a string, got \(image.kindDescription) \(findings.literal(image)); quote it", at: image)
            }
        } else {
            let name = container["name"]?.string.map { " '\($0)'" } ?? ""
            findings.add("\(path): container\(name) has no image; set e.g. `image: apache/spark:3.5.1`", at: container)
        }

        for (index, port) in (findings.list(container["ports"], "\(path).ports") ?? []).enumerated() {
            let portPath = "\(path).ports[\(index)].containerPort"
            guard let number = port["containerPort"] else {
                findings.add("\(path).ports[\(index)] has no containerPort", at: port)
                continue
            }
            if let value = number.int, (1...65535).contains(value) { continue }
            findings.add("\(portPath) must be an integer from 1 to 65535, got \(number.kindDescription) \(findings.literal(number))", at: number)
        }

        for (index, variable) in (findings.list(container["env"], "\(path).env") ?? []).enumerated() {
            let envPath = "\(path).env[\(index)]"
            if variable["name"]?.string?.isEmpty ?? true {
                findings.add("\(envPath) has no name", at: variable)
            }
            if let value = variable["value"], !value.isNull, value.string == nil {
                let name = variable["name"]?.string ?? "?"
                findings.add("\(envPath).value of \(name) must be a string, got \(value.kindDescription) \(findings.literal(value)); quote it",
                             at: value)
            }
        }
    }
}
