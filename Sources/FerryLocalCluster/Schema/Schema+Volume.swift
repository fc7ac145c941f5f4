/// core/v1 volume sources a pod template can declare. The common ones are described
/// field by field; rare in-tree drivers are free-form so they never draw warnings.
extension SchemaCatalog {
    static let volumes: [SchemaDefinition] = {
        let c = SchemaNames.core
        let n = SchemaNames.self
        let items: SchemaField = .list("items", c("KeyToPath"), "Which keys to project, and where.", atomic: true)
        let rareDrivers = ["awsElasticBlockStore", "azureDisk", "azureFile", "cephfs", "cinder", "fc", "flexVolume",
                           "flocker", "gcePersistentDisk", "gitRepo", "glusterfs", "iscsi", "photonPersistentDisk",
                           "portworxVolume", "quobyte", "rbd", "scaleIO", "storageos", "vsphereVolume"]
        return [
            SchemaDefinition(c("Volume"), "Volume represents a named volume in a pod that may be accessed by any container in the pod.", [
                .string("name", "name of the volume. Must be a DNS_LABEL and unique within the pod.").required(),
                .ref("configMap", c("ConfigMapVolumeSource"), "configMap represents a configMap that should populate this volume"),
                .ref("csi", c("CSIVolumeSource"), "csi represents ephemeral storage that is handled by certain external CSI drivers."),
                .ref("downwardAPI", c("DownwardAPIVolumeSource"), "downwardAPI represents downward API about the pod that should populate this volume"),
                .ref("emptyDir", c("EmptyDirVolumeSource"), "emptyDir represents a temporary directory that shares a pod's lifetime."),
                .ref("ephemeral", c("EphemeralVolumeSource"), "ephemeral represents a volume that is handled by a cluster storage driver."),
                .ref("hostPath", c("HostPathVolumeSource"), "hostPath represents a pre-existing file or directory on the host machine that is directly exposed to the container."),
                .ref("image", c("ImageVolumeSource"), "image represents an OCI object (a container image or artifact) pulled and mounted on the kubelet's host machine."),
                .ref("nfs", c("NFSVolumeSource"), "nfs represents an NFS mount on the host that shares a pod's lifetime"),
                .ref("persistentVolumeClaim", c("PersistentVolumeClaimVolumeSource"), "persistentVolumeClaimVolumeSource represents a reference to a PersistentVolumeClaim in the same namespace."),
                .ref("projected", c("ProjectedVolumeSource"), "projected items for all in one resources secrets, configmaps, and downward API"),
                .ref("secret", c("SecretVolumeSource"), "secret represents a secret that should populate this volume."),
            ] + rareDrivers.map { .raw($0, "An in-tree volume driver (deprecated).") }),
            SchemaDefinition(c("KeyToPath"), "Maps a string key to a path within a volume.", [
                .string("key", "key is the key to project.").required(),
                .integer("mode", "mode is Optional: mode bits used to set permissions on this file."),
                .string("path", "path is the relative path of the file to map the key to.").required(),
            ]),
            SchemaDefinition(c("ConfigMapVolumeSource"), "Adapts a ConfigMap into a volume.", [
                .integer("defaultMode", "defaultMode is optional: mode bits used to set permissions on created files by default."),
                items, .string("name", "Name of the referent."),
                .boolean("optional", "optional specify whether the ConfigMap or its keys must be defined"),
            ]),
            SchemaDefinition(c("SecretVolumeSource"), "Adapts a Secret into a volume.", [
                .integer("defaultMode", "defaultMode is Optional: mode bits used to set permissions on created files by default."),
                items, .boolean("optional", "optional field specify whether the Secret or its keys must be defined"),
                .string("secretName", "secretName is the name of the secret in the pod's namespace to use."),
            ]),
            SchemaDefinition(c("EmptyDirVolumeSource"), "Represents an empty directory for a pod.", [
                .string("medium", "medium represents what type of storage medium should back this directory."),
                .quantity("sizeLimit", "sizeLimit is the total amount of local storage required for this EmptyDir volume."),
            ]),
            SchemaDefinition(c("HostPathVolumeSource"), "Represents a host path mapped into a pod.", [
                .string("path", "path of the directory on the host.").required(),
                .string("type", "type for HostPath Volume", enum: ["", "BlockDevice", "CharDevice", "Directory", "DirectoryOrCreate", "File", "FileOrCreate", "Socket"]),
            ]),
            SchemaDefinition(c("ImageVolumeSource"), "ImageVolumeSource represents a image volume resource.", [
                .string("pullPolicy", "Policy for pulling OCI objects.", enum: ["Always", "IfNotPresent", "Never"]),
                .string("reference", "Required: Image or artifact reference to be used."),
            ]),
            SchemaDefinition(c("NFSVolumeSource"), "Represents an NFS mount that lasts the lifetime of a pod.", [
                .string("path", "path that is exported by the NFS server.").required(),
                .boolean("readOnly", "readOnly here will force the NFS export to be mounted with read-only permissions."),
                .string("server", "server is the hostname or IP address of the NFS server.").required(),
            ]),
            SchemaDefinition(c("PersistentVolumeClaimVolumeSource"), "PersistentVolumeClaimVolumeSource references the user's PVC in the same namespace.", [
                .string("claimName", "claimName is the name of a PersistentVolumeClaim in the same namespace as the pod using this volume.").required(),
                .boolean("readOnly", "readOnly Will force the ReadOnly setting in VolumeMounts."),
            ]),
            SchemaDefinition(c("CSIVolumeSource"), "Represents a source location of a volume to mount, managed by an external CSI driver", [
                .string("driver", "driver is the name of the CSI driver that handles this volume.").required(),
                .string("fsType", "fsType to mount. Ex. \"ext4\", \"xfs\", \"ntfs\"."),
                .ref("nodePublishSecretRef", c("LocalObjectReference"), "nodePublishSecretRef is a reference to the secret object containing sensitive information to pass to the CSI driver."),
                .boolean("readOnly", "readOnly specifies a read-only configuration for the volume."),
                .map("volumeAttributes", "volumeAttributes stores driver-specific properties that are passed to the CSI driver."),
            ]),
            SchemaDefinition(c("DownwardAPIVolumeSource"), "DownwardAPIVolumeSource represents a volume containing downward API info.", [
                .integer("defaultMode", "Optional: mode bits to use on created files by default."),
                .list("items", c("DownwardAPIVolumeFile"), "Items is a list of downward API volume file", atomic: true),
            ]),
            SchemaDefinition(c("DownwardAPIVolumeFile"), "DownwardAPIVolumeFile represents information to create the file containing the pod field", [
                .ref("fieldRef", c("ObjectFieldSelector"), "Required: Selects a field of the pod."),
                .integer("mode", "Optional: mode bits used to set permissions on this file."),
                .string("path", "Required: Path is the relative path name of the file to be created.").required(),
                .ref("resourceFieldRef", c("ResourceFieldSelector"), "Selects a resource of the container."),
            ]),
            SchemaDefinition(c("DownwardAPIProjection"), "Represents downward API info for projecting into a projected volume.", [
                .list("items", c("DownwardAPIVolumeFile"), "Items is a list of DownwardAPIVolume file", atomic: true),
            ]),
            SchemaDefinition(c("ProjectedVolumeSource"), "Represents a projected volume source", [
                .integer("defaultMode", "defaultMode are the mode bits used to set permissions on created files by default."),
                .list("sources", c("VolumeProjection"), "sources is the list of volume projections.", atomic: true),
            ]),
            SchemaDefinition(c("VolumeProjection"), "Projection that may be projected along with other supported volume types.", [
                .raw("clusterTrustBundle", "ClusterTrustBundle allows a pod to access the `.spec.trustBundle` field of ClusterTrustBundle objects in an auto-updating file."),
                .ref("configMap", c("ConfigMapProjection"), "configMap information about the configMap data to project"),
                .ref("downwardAPI", c("DownwardAPIProjection"), "downwardAPI information about the downwardAPI data to project"),
                .ref("secret", c("SecretProjection"), "secret information about the secret data to project"),
                .ref("serviceAccountToken", c("ServiceAccountTokenProjection"), "serviceAccountToken is information about the serviceAccountToken data to project"),
            ]),
            SchemaDefinition(c("ConfigMapProjection"), "Adapts a ConfigMap into a projected volume.", [
                items, .string("name", "Name of the referent."), .boolean("optional", "optional specify whether the ConfigMap or its keys must be defined"),
            ]),
            SchemaDefinition(c("SecretProjection"), "Adapts a secret into a projected volume.", [
                items, .string("name", "Name of the referent."), .boolean("optional", "optional field specify whether the Secret or its key must be defined"),
            ]),
            SchemaDefinition(c("ServiceAccountTokenProjection"), "ServiceAccountTokenProjection represents a projected service account token volume.", [
                .string("audience", "audience is the intended audience of the token."),
                .integer("expirationSeconds", "expirationSeconds is the requested duration of validity of the service account token.", format: "int64"),
                .string("path", "path is the path relative to the mount point of the file to project the token into.").required(),
            ]),
            SchemaDefinition(c("EphemeralVolumeSource"), "Represents an ephemeral volume that is handled by a normal storage driver.", [
                .ref("volumeClaimTemplate", c("PersistentVolumeClaimTemplate"), "Will be used to create a stand-alone PVC to provision the volume."),
            ]),
            SchemaDefinition(c("PersistentVolumeClaimTemplate"), "PersistentVolumeClaimTemplate is used to produce PersistentVolumeClaim objects as part of an EphemeralVolumeSource.", [
                .ref("metadata", n.objectMeta, "May contain labels and annotations that will be copied into the PVC when creating it."),
                .ref("spec", c("PersistentVolumeClaimSpec"), "The specification for the PersistentVolumeClaim.").required(),
            ]),
        ]
    }()
}
