/// The messages of the kinds this server accepts as protobuf: a message's name, then
/// its fields as `number=jsonName:type` (a line that starts with a field continues the
/// message above). A type is `s` (string), `b` (bytes), `i` (varint integer), `u`
/// (bool), `d` (double), `time`, `microtime`, `intorstring`, `quantity`, `raw`
/// (embedded JSON), or another message's name; `[T]` is a repeated field, `{T}`
/// a map from strings, and a trailing `?` marks a pointer field, whose zero value is
/// kept (JSON carries it; for the other fields Go's `omitempty` drops it).
///
/// Derived from the `generated.proto` files of k8s.io/api (core/v1, apps/v1, batch/v1) and
/// k8s.io/apimachinery (field numbers and names, which never change) and their
/// `types.go` (which fields are pointers), for the messages reachable from Namespace,
/// ConfigMap, Secret, Service, ServiceAccount, Event, Pod, Deployment, ReplicaSet, Job,
/// CronJob and DeleteOptions.
extension KubernetesProtobuf {
    static let schemaText = """
        OwnerReference 5=apiVersion:s 1=kind:s 3=name:s 4=uid:s 6=controller:u? 7=blockOwnerDeletion:u?
        ManagedFieldsEntry 1=manager:s 2=operation:s 3=apiVersion:s 4=time:time? 6=fieldsType:s 7=fieldsV1:raw?
            8=subresource:s
        ObjectMeta 1=name:s 2=generateName:s 3=namespace:s 4=selfLink:s 5=uid:s 6=resourceVersion:s 7=generation:i
            8=creationTimestamp:time 9=deletionTimestamp:time? 10=deletionGracePeriodSeconds:i? 11=labels:{s}
            12=annotations:{s} 13=ownerReferences:[OwnerReference] 14=finalizers:[s]
            17=managedFields:[ManagedFieldsEntry]
        NamespaceSpec 1=finalizers:[s]
        NamespaceCondition 1=type:s 2=status:s 4=lastTransitionTime:time 5=reason:s 6=message:s
        NamespaceStatus 1=phase:s 2=conditions:[NamespaceCondition]
        Namespace 1=metadata:ObjectMeta 2=spec:NamespaceSpec 3=status:NamespaceStatus
        ConfigMap 1=metadata:ObjectMeta 4=immutable:u? 2=data:{s} 3=binaryData:{b}
        Secret 1=metadata:ObjectMeta 5=immutable:u? 2=data:{b} 4=stringData:{s} 3=type:s
        ServicePort 1=name:s 2=protocol:s 6=appProtocol:s? 3=port:i 4=targetPort:intorstring 5=nodePort:i
        ClientIPConfig 1=timeoutSeconds:i?
        SessionAffinityConfig 1=clientIP:ClientIPConfig?
        ServiceSpec 1=ports:[ServicePort] 2=selector:{s} 3=clusterIP:s 18=clusterIPs:[s] 4=type:s 5=externalIPs:[s]
            7=sessionAffinity:s 8=loadBalancerIP:s 9=loadBalancerSourceRanges:[s] 10=externalName:s
            11=externalTrafficPolicy:s 12=healthCheckNodePort:i 13=publishNotReadyAddresses:u
            14=sessionAffinityConfig:SessionAffinityConfig? 19=ipFamilies:[s] 17=ipFamilyPolicy:s?
            20=allocateLoadBalancerNodePorts:u? 21=loadBalancerClass:s? 22=internalTrafficPolicy:s?
            23=trafficDistribution:s?
        PortStatus 1=port:i 2=protocol:s 3=error:s?
        LoadBalancerIngress 1=ip:s 2=hostname:s 3=ipMode:s? 4=ports:[PortStatus]
        LoadBalancerStatus 1=ingress:[LoadBalancerIngress]
        Condition 1=type:s 2=status:s 3=observedGeneration:i 4=lastTransitionTime:time 5=reason:s 6=message:s
        ServiceStatus 1=loadBalancer:LoadBalancerStatus 2=conditions:[Condition]
        Service 1=metadata:ObjectMeta 2=spec:ServiceSpec 3=status:ServiceStatus
        ObjectReference 1=kind:s 2=namespace:s 3=name:s 4=uid:s 5=apiVersion:s 6=resourceVersion:s 7=fieldPath:s
        LocalObjectReference 1=name:s
        ServiceAccount 1=metadata:ObjectMeta 2=secrets:[ObjectReference] 3=imagePullSecrets:[LocalObjectReference]
            4=automountServiceAccountToken:u?
        EventSource 1=component:s 2=host:s
        EventSeries 1=count:i 2=lastObservedTime:microtime
        Event 1=metadata:ObjectMeta 2=involvedObject:ObjectReference 3=reason:s 4=message:s 5=source:EventSource
            6=firstTimestamp:time 7=lastTimestamp:time 8=count:i 9=type:s 10=eventTime:microtime
            11=series:EventSeries? 12=action:s 13=related:ObjectReference? 14=reportingComponent:s
            15=reportingInstance:s
        HostPathVolumeSource 1=path:s 2=type:s?
        EmptyDirVolumeSource 1=medium:s 2=sizeLimit:quantity? 3=mode:i?
        GCEPersistentDiskVolumeSource 1=pdName:s 2=fsType:s 3=partition:i 4=readOnly:u
        AWSElasticBlockStoreVolumeSource 1=volumeID:s 2=fsType:s 3=partition:i 4=readOnly:u
        GitRepoVolumeSource 1=repository:s 2=revision:s 3=directory:s
        KeyToPath 1=key:s 2=path:s 3=mode:i? 4=user:i?
        SecretVolumeSource 1=secretName:s 2=items:[KeyToPath] 3=defaultMode:i? 4=optional:u? 5=defaultUser:i?
        NFSVolumeSource 1=server:s 2=path:s 3=readOnly:u
        ISCSIVolumeSource 1=targetPortal:s 2=iqn:s 3=lun:i 4=iscsiInterface:s 5=fsType:s 6=readOnly:u 7=portals:[s]
            8=chapAuthDiscovery:u 11=chapAuthSession:u 10=secretRef:LocalObjectReference? 12=initiatorName:s?
        GlusterfsVolumeSource 1=endpoints:s 2=path:s 3=readOnly:u
        PersistentVolumeClaimVolumeSource 1=claimName:s 2=readOnly:u
        RBDVolumeSource 1=monitors:[s] 2=image:s 3=fsType:s 4=pool:s 5=user:s 6=keyring:s
            7=secretRef:LocalObjectReference? 8=readOnly:u
        FlexVolumeSource 1=driver:s 2=fsType:s 3=secretRef:LocalObjectReference? 4=readOnly:u 5=options:{s}
        CinderVolumeSource 1=volumeID:s 2=fsType:s 3=readOnly:u 4=secretRef:LocalObjectReference?
        CephFSVolumeSource 1=monitors:[s] 2=path:s 3=user:s 4=secretFile:s 5=secretRef:LocalObjectReference?
            6=readOnly:u
        FlockerVolumeSource 1=datasetName:s 2=datasetUUID:s
        ObjectFieldSelector 1=apiVersion:s 2=fieldPath:s
        ResourceFieldSelector 1=containerName:s 2=resource:s 3=divisor:quantity
        DownwardAPIVolumeFile 1=path:s 2=fieldRef:ObjectFieldSelector? 3=resourceFieldRef:ResourceFieldSelector?
            4=mode:i? 5=user:i?
        DownwardAPIVolumeSource 1=items:[DownwardAPIVolumeFile] 2=defaultMode:i? 3=defaultUser:i?
        FCVolumeSource 1=targetWWNs:[s] 2=lun:i? 3=fsType:s 4=readOnly:u 5=wwids:[s]
        AzureFileVolumeSource 1=secretName:s 2=shareName:s 3=readOnly:u
        ConfigMapVolumeSource 1=localObjectReference:LocalObjectReference 2=items:[KeyToPath] 3=defaultMode:i?
            4=optional:u? 5=defaultUser:i?
        VsphereVirtualDiskVolumeSource 1=volumePath:s 2=fsType:s 3=storagePolicyName:s 4=storagePolicyID:s
        QuobyteVolumeSource 1=registry:s 2=volume:s 3=readOnly:u 4=user:s 5=group:s 6=tenant:s
        AzureDiskVolumeSource 1=diskName:s 2=diskURI:s 3=cachingMode:s? 4=fsType:s? 5=readOnly:u? 6=kind:s?
        PhotonPersistentDiskVolumeSource 1=pdID:s 2=fsType:s
        SecretProjection 1=localObjectReference:LocalObjectReference 2=items:[KeyToPath] 4=optional:u?
        DownwardAPIProjection 1=items:[DownwardAPIVolumeFile]
        ConfigMapProjection 1=localObjectReference:LocalObjectReference 2=items:[KeyToPath] 4=optional:u?
        ServiceAccountTokenProjection 1=audience:s 2=expirationSeconds:i? 3=path:s 4=user:i?
        LabelSelectorRequirement 1=key:s 2=operator:s 3=values:[s]
        LabelSelector 1=matchLabels:{s} 2=matchExpressions:[LabelSelectorRequirement]
        ClusterTrustBundleProjection 1=name:s? 2=signerName:s? 3=labelSelector:LabelSelector? 5=optional:u? 4=path:s
            6=user:i?
        PodCertificateProjection 1=signerName:s 2=keyType:s 3=maxExpirationSeconds:i? 4=credentialBundlePath:s
            5=keyPath:s 6=certificateChainPath:s 7=userAnnotations:{s} 8=user:i?
        VolumeProjection 1=secret:SecretProjection? 2=downwardAPI:DownwardAPIProjection?
            3=configMap:ConfigMapProjection? 4=serviceAccountToken:ServiceAccountTokenProjection?
            5=clusterTrustBundle:ClusterTrustBundleProjection? 6=podCertificate:PodCertificateProjection?
        ProjectedVolumeSource 1=sources:[VolumeProjection] 2=defaultMode:i? 3=defaultUser:i?
        PortworxVolumeSource 1=volumeID:s 2=fsType:s 3=readOnly:u
        ScaleIOVolumeSource 1=gateway:s 2=system:s 3=secretRef:LocalObjectReference? 4=sslEnabled:u
            5=protectionDomain:s 6=storagePool:s 7=storageMode:s 8=volumeName:s 9=fsType:s 10=readOnly:u
        StorageOSVolumeSource 1=volumeName:s 2=volumeNamespace:s 3=fsType:s 4=readOnly:u
            5=secretRef:LocalObjectReference?
        CSIVolumeSource 1=driver:s 2=readOnly:u? 3=fsType:s? 4=volumeAttributes:{s}
            5=nodePublishSecretRef:LocalObjectReference?
        VolumeResourceRequirements 1=limits:{quantity} 2=requests:{quantity}
        TypedLocalObjectReference 1=apiGroup:s? 2=kind:s 3=name:s
        TypedObjectReference 1=apiGroup:s? 2=kind:s 3=name:s 4=namespace:s?
        PersistentVolumeClaimSpec 1=accessModes:[s] 4=selector:LabelSelector? 2=resources:VolumeResourceRequirements
            3=volumeName:s 5=storageClassName:s? 6=volumeMode:s? 7=dataSource:TypedLocalObjectReference?
            8=dataSourceRef:TypedObjectReference? 9=volumeAttributesClassName:s?
        PersistentVolumeClaimTemplate 1=metadata:ObjectMeta 2=spec:PersistentVolumeClaimSpec
        EphemeralVolumeSource 1=volumeClaimTemplate:PersistentVolumeClaimTemplate?
        ImageVolumeSource 1=reference:s 2=pullPolicy:s
        VolumeSource 1=hostPath:HostPathVolumeSource? 2=emptyDir:EmptyDirVolumeSource?
            3=gcePersistentDisk:GCEPersistentDiskVolumeSource?
            4=awsElasticBlockStore:AWSElasticBlockStoreVolumeSource? 5=gitRepo:GitRepoVolumeSource?
            6=secret:SecretVolumeSource? 7=nfs:NFSVolumeSource? 8=iscsi:ISCSIVolumeSource?
            9=glusterfs:GlusterfsVolumeSource? 10=persistentVolumeClaim:PersistentVolumeClaimVolumeSource?
            11=rbd:RBDVolumeSource? 12=flexVolume:FlexVolumeSource? 13=cinder:CinderVolumeSource?
            14=cephfs:CephFSVolumeSource? 15=flocker:FlockerVolumeSource? 16=downwardAPI:DownwardAPIVolumeSource?
            17=fc:FCVolumeSource? 18=azureFile:AzureFileVolumeSource? 19=configMap:ConfigMapVolumeSource?
            20=vsphereVolume:VsphereVirtualDiskVolumeSource? 21=quobyte:QuobyteVolumeSource?
            22=azureDisk:AzureDiskVolumeSource? 23=photonPersistentDisk:PhotonPersistentDiskVolumeSource?
            26=projected:ProjectedVolumeSource? 24=portworxVolume:PortworxVolumeSource?
            25=scaleIO:ScaleIOVolumeSource? 27=storageos:StorageOSVolumeSource? 28=csi:CSIVolumeSource?
            29=ephemeral:EphemeralVolumeSource? 30=image:ImageVolumeSource?
        Volume 1=name:s 2=volumeSource:VolumeSource
        ContainerPort 1=name:s 2=hostPort:i 3=containerPort:i 4=protocol:s 5=hostIP:s
        ConfigMapEnvSource 1=localObjectReference:LocalObjectReference 2=optional:u?
        SecretEnvSource 1=localObjectReference:LocalObjectReference 2=optional:u?
        EnvFromSource 1=prefix:s 2=configMapRef:ConfigMapEnvSource? 3=secretRef:SecretEnvSource?
        ConfigMapKeySelector 1=localObjectReference:LocalObjectReference 2=key:s 3=optional:u?
        SecretKeySelector 1=localObjectReference:LocalObjectReference 2=key:s 3=optional:u?
        FileKeySelector 1=volumeName:s 2=path:s 3=key:s 4=optional:u?
        EnvVarSource 1=fieldRef:ObjectFieldSelector? 2=resourceFieldRef:ResourceFieldSelector?
            3=configMapKeyRef:ConfigMapKeySelector? 4=secretKeyRef:SecretKeySelector? 5=fileKeyRef:FileKeySelector?
        EnvVar 1=name:s 2=value:s 3=valueFrom:EnvVarSource?
        ResourceClaim 1=name:s 2=request:s
        ResourceRequirements 1=limits:{quantity} 2=requests:{quantity} 3=claims:[ResourceClaim]
        ContainerResizePolicy 1=resourceName:s 2=restartPolicy:s
        ContainerRestartRuleOnExitCodes 1=operator:s 2=values:[i]
        ContainerRestartRule 1=action:s 2=exitCodes:ContainerRestartRuleOnExitCodes?
        VolumeMount 1=name:s 2=readOnly:u 7=recursiveReadOnly:s? 3=mountPath:s 4=subPath:s 5=mountPropagation:s?
            6=subPathExpr:s 8=bindMountOptions:[s]
        VolumeDevice 1=name:s 2=devicePath:s
        ExecAction 1=command:[s]
        HTTPHeader 1=name:s 2=value:s
        HTTPGetAction 1=path:s 2=port:intorstring 3=host:s 4=scheme:s 5=httpHeaders:[HTTPHeader] 6=protocol:s?
        TCPSocketAction 1=port:intorstring 2=host:s
        GRPCAction 1=port:i 2=service:s? 3=mode:s?
        ProbeHandler 1=exec:ExecAction? 2=httpGet:HTTPGetAction? 3=tcpSocket:TCPSocketAction? 4=grpc:GRPCAction?
        Probe 1=handler:ProbeHandler 2=initialDelaySeconds:i 3=timeoutSeconds:i 4=periodSeconds:i 5=successThreshold:i
            6=failureThreshold:i 7=terminationGracePeriodSeconds:i?
        SleepAction 1=seconds:i
        LifecycleHandler 1=exec:ExecAction? 2=httpGet:HTTPGetAction? 3=tcpSocket:TCPSocketAction? 4=sleep:SleepAction?
        Lifecycle 1=postStart:LifecycleHandler? 2=preStop:LifecycleHandler? 3=stopSignal:s?
        Capabilities 1=add:[s] 2=drop:[s]
        SELinuxOptions 1=user:s 2=role:s 3=type:s 4=level:s
        WindowsSecurityContextOptions 1=gmsaCredentialSpecName:s? 2=gmsaCredentialSpec:s? 3=runAsUserName:s?
            4=hostProcess:u?
        SeccompProfile 1=type:s 2=localhostProfile:s?
        AppArmorProfile 1=type:s 2=localhostProfile:s?
        SecurityContext 1=capabilities:Capabilities? 2=privileged:u? 3=seLinuxOptions:SELinuxOptions?
            10=windowsOptions:WindowsSecurityContextOptions? 4=runAsUser:i? 8=runAsGroup:i? 5=runAsNonRoot:u?
            6=readOnlyRootFilesystem:u? 7=allowPrivilegeEscalation:u? 9=procMount:s? 11=seccompProfile:SeccompProfile?
            12=appArmorProfile:AppArmorProfile?
        Container 1=name:s 2=image:s 3=command:[s] 4=args:[s] 5=workingDir:s 6=ports:[ContainerPort]
            19=envFrom:[EnvFromSource] 7=env:[EnvVar] 8=resources:ResourceRequirements
            23=resizePolicy:[ContainerResizePolicy] 24=restartPolicy:s? 25=restartPolicyRules:[ContainerRestartRule]
            9=volumeMounts:[VolumeMount] 21=volumeDevices:[VolumeDevice] 10=livenessProbe:Probe?
            11=readinessProbe:Probe? 22=startupProbe:Probe? 12=lifecycle:Lifecycle? 13=terminationMessagePath:s
            20=terminationMessagePolicy:s 14=imagePullPolicy:s 15=securityContext:SecurityContext? 16=stdin:u
            17=stdinOnce:u 18=tty:u
        EphemeralContainerCommon 1=name:s 2=image:s 3=command:[s] 4=args:[s] 5=workingDir:s 6=ports:[ContainerPort]
            19=envFrom:[EnvFromSource] 7=env:[EnvVar] 8=resources:ResourceRequirements
            23=resizePolicy:[ContainerResizePolicy] 24=restartPolicy:s? 25=restartPolicyRules:[ContainerRestartRule]
            9=volumeMounts:[VolumeMount] 21=volumeDevices:[VolumeDevice] 10=livenessProbe:Probe?
            11=readinessProbe:Probe? 22=startupProbe:Probe? 12=lifecycle:Lifecycle? 13=terminationMessagePath:s
            20=terminationMessagePolicy:s 14=imagePullPolicy:s 15=securityContext:SecurityContext? 16=stdin:u
            17=stdinOnce:u 18=tty:u
        EphemeralContainer 1=ephemeralContainerCommon:EphemeralContainerCommon 2=targetContainerName:s
        Sysctl 1=name:s 2=value:s
        PodSecurityContext 1=seLinuxOptions:SELinuxOptions? 8=windowsOptions:WindowsSecurityContextOptions?
            2=runAsUser:i? 6=runAsGroup:i? 3=runAsNonRoot:u? 4=supplementalGroups:[i] 12=supplementalGroupsPolicy:s?
            5=fsGroup:i? 7=sysctls:[Sysctl] 9=fsGroupChangePolicy:s? 10=seccompProfile:SeccompProfile?
            11=appArmorProfile:AppArmorProfile? 13=seLinuxChangePolicy:s?
        NodeSelectorRequirement 1=key:s 2=operator:s 3=values:[s]
        NodeSelectorTerm 1=matchExpressions:[NodeSelectorRequirement] 2=matchFields:[NodeSelectorRequirement]
        NodeSelector 1=nodeSelectorTerms:[NodeSelectorTerm]
        PreferredSchedulingTerm 1=weight:i 2=preference:NodeSelectorTerm
        NodeAffinity 1=requiredDuringSchedulingIgnoredDuringExecution:NodeSelector?
            2=preferredDuringSchedulingIgnoredDuringExecution:[PreferredSchedulingTerm]
        PodAffinityTerm 1=labelSelector:LabelSelector? 2=namespaces:[s] 3=topologyKey:s
            4=namespaceSelector:LabelSelector? 5=matchLabelKeys:[s] 6=mismatchLabelKeys:[s]
        WeightedPodAffinityTerm 1=weight:i 2=podAffinityTerm:PodAffinityTerm
        PodAffinity 1=requiredDuringSchedulingIgnoredDuringExecution:[PodAffinityTerm]
            2=preferredDuringSchedulingIgnoredDuringExecution:[WeightedPodAffinityTerm]
        PodAntiAffinity 1=requiredDuringSchedulingIgnoredDuringExecution:[PodAffinityTerm]
            2=preferredDuringSchedulingIgnoredDuringExecution:[WeightedPodAffinityTerm]
        Affinity 1=nodeAffinity:NodeAffinity? 2=podAffinity:PodAffinity? 3=podAntiAffinity:PodAntiAffinity?
        Toleration 1=key:s 2=operator:s 3=value:s 4=effect:s 5=tolerationSeconds:i?
        HostAlias 1=ip:s 2=hostnames:[s]
        PodDNSConfigOption 1=name:s 2=value:s?
        PodDNSConfig 1=nameservers:[s] 2=searches:[s] 3=options:[PodDNSConfigOption]
        PodReadinessGate 1=conditionType:s
        TopologySpreadConstraint 1=maxSkew:i 2=topologyKey:s 3=whenUnsatisfiable:s 4=labelSelector:LabelSelector?
            5=minDomains:i? 6=nodeAffinityPolicy:s? 7=nodeTaintsPolicy:s? 8=matchLabelKeys:[s]
        PodOS 1=name:s
        PodSchedulingGate 1=name:s
        PodResourceClaim 1=name:s 3=resourceClaimName:s? 4=resourceClaimTemplateName:s?
        PodSchedulingGroup 1=podGroupName:s?
        EvictionResponder 1=name:s 2=priority:i?
        PodSpec 1=volumes:[Volume] 20=initContainers:[Container] 2=containers:[Container]
            34=ephemeralContainers:[EphemeralContainer] 3=restartPolicy:s 4=terminationGracePeriodSeconds:i?
            5=activeDeadlineSeconds:i? 6=dnsPolicy:s 7=nodeSelector:{s} 8=serviceAccountName:s 9=serviceAccount:s
            21=automountServiceAccountToken:u? 10=nodeName:s 11=hostNetwork:u 12=hostPID:u 13=hostIPC:u
            27=shareProcessNamespace:u? 14=securityContext:PodSecurityContext?
            15=imagePullSecrets:[LocalObjectReference] 16=hostname:s 17=subdomain:s 18=affinity:Affinity?
            19=schedulerName:s 22=tolerations:[Toleration] 23=hostAliases:[HostAlias] 24=priorityClassName:s
            25=priority:i? 26=dnsConfig:PodDNSConfig? 28=readinessGates:[PodReadinessGate] 29=runtimeClassName:s?
            30=enableServiceLinks:u? 31=preemptionPolicy:s? 32=overhead:{quantity}
            33=topologySpreadConstraints:[TopologySpreadConstraint] 35=setHostnameAsFQDN:u? 36=os:PodOS?
            37=hostUsers:u? 38=schedulingGates:[PodSchedulingGate] 39=resourceClaims:[PodResourceClaim]
            40=resources:ResourceRequirements? 41=hostnameOverride:s? 43=schedulingGroup:PodSchedulingGroup?
            44=evictionResponders:[EvictionResponder]
        PodCondition 1=type:s 7=observedGeneration:i 2=status:s 3=lastProbeTime:time 4=lastTransitionTime:time
            5=reason:s 6=message:s
        HostIP 1=ip:s
        PodIP 1=ip:s
        ContainerStateWaiting 1=reason:s 2=message:s
        ContainerStateRunning 1=startedAt:time
        ContainerStateTerminated 1=exitCode:i 2=signal:i 3=reason:s 4=message:s 5=startedAt:time 6=finishedAt:time
            7=containerID:s
        ContainerState 1=waiting:ContainerStateWaiting? 2=running:ContainerStateRunning?
            3=terminated:ContainerStateTerminated?
        ImageVolumeStatus 1=imageRef:s
        VolumeStatus 1=image:ImageVolumeStatus?
        VolumeMountStatus 1=name:s 2=mountPath:s 3=readOnly:u 4=recursiveReadOnly:s? 5=volumeStatus:VolumeStatus?
        LinuxContainerUser 1=uid:i 2=gid:i 3=supplementalGroups:[i]
        ContainerUser 1=linux:LinuxContainerUser?
        ResourceHealth 1=resourceID:s 2=health:s 6=message:s?
        ResourceStatus 1=name:s 2=resources:[ResourceHealth]
        ContainerStatus 1=name:s 2=state:ContainerState 3=lastState:ContainerState 4=ready:u 5=restartCount:i
            6=image:s 7=imageID:s 8=containerID:s 9=started:u? 10=allocatedResources:{quantity}
            11=resources:ResourceRequirements? 12=volumeMounts:[VolumeMountStatus] 13=user:ContainerUser?
            14=allocatedResourcesStatus:[ResourceStatus] 15=stopSignal:s?
        PodResourceClaimStatus 1=name:s 2=resourceClaimName:s?
        ContainerExtendedResourceRequest 1=containerName:s 2=resourceName:s 3=requestName:s
        PodExtendedResourceClaimStatus 1=requestMappings:[ContainerExtendedResourceRequest] 2=resourceClaimName:s
        NodeAllocatableMappedResources 1=name:s 2=quantity:quantity?
        NodeAllocatableOverheadResources 1=name:s 2=perPod:quantity? 3=perContainer:quantity?
        NodeAllocatableResourceClaimStatus 1=resourceClaimName:s 2=containers:[s]
            4=mapping:[NodeAllocatableMappedResources] 5=overhead:[NodeAllocatableOverheadResources]
        VolumeHealthCondition 1=status:s 2=reason:s 3=message:s
        PodVolumeHealth 1=name:s 2=healthConditions:[VolumeHealthCondition] 3=lastTransitionTime:time
        PodStatus 17=observedGeneration:i 1=phase:s 2=conditions:[PodCondition] 3=message:s 4=reason:s
            11=nominatedNodeName:s 5=hostIP:s 16=hostIPs:[HostIP] 6=podIP:s 12=podIPs:[PodIP] 7=startTime:time?
            10=initContainerStatuses:[ContainerStatus] 8=containerStatuses:[ContainerStatus] 9=qosClass:s
            13=ephemeralContainerStatuses:[ContainerStatus] 14=resize:s
            15=resourceClaimStatuses:[PodResourceClaimStatus]
            18=extendedResourceClaimStatus:PodExtendedResourceClaimStatus? 19=allocatedResources:{quantity}
            20=resources:ResourceRequirements?
            21=nodeAllocatableResourceClaimStatuses:[NodeAllocatableResourceClaimStatus]
            22=volumeHealth:[PodVolumeHealth]
        Pod 1=metadata:ObjectMeta 2=spec:PodSpec 3=status:PodStatus
        PodTemplateSpec 1=metadata:ObjectMeta 2=spec:PodSpec
        RollingUpdateDeployment 1=maxUnavailable:intorstring? 2=maxSurge:intorstring?
        DeploymentStrategy 1=type:s 2=rollingUpdate:RollingUpdateDeployment?
        DeploymentSpec 1=replicas:i? 2=selector:LabelSelector? 3=template:PodTemplateSpec
            4=strategy:DeploymentStrategy 5=minReadySeconds:i 6=revisionHistoryLimit:i? 7=paused:u
            9=progressDeadlineSeconds:i?
        DeploymentCondition 1=type:s 2=status:s 6=lastUpdateTime:time 7=lastTransitionTime:time 4=reason:s 5=message:s
        DeploymentStatus 1=observedGeneration:i 2=replicas:i 3=updatedReplicas:i 7=readyReplicas:i
            4=availableReplicas:i 5=unavailableReplicas:i 9=terminatingReplicas:i? 6=conditions:[DeploymentCondition]
            8=collisionCount:i?
        Deployment 1=metadata:ObjectMeta 2=spec:DeploymentSpec 3=status:DeploymentStatus
        ReplicaSetSpec 1=replicas:i? 4=minReadySeconds:i 2=selector:LabelSelector? 3=template:PodTemplateSpec
        ReplicaSetCondition 1=type:s 2=status:s 3=lastTransitionTime:time 4=reason:s 5=message:s
        ReplicaSetStatus 1=replicas:i 2=fullyLabeledReplicas:i 4=readyReplicas:i 5=availableReplicas:i
            7=terminatingReplicas:i? 3=observedGeneration:i 6=conditions:[ReplicaSetCondition]
        ReplicaSet 1=metadata:ObjectMeta 2=spec:ReplicaSetSpec 3=status:ReplicaSetStatus
        PodFailurePolicyOnExitCodesRequirement 1=containerName:s? 2=operator:s 3=values:[i]
        PodFailurePolicyOnPodConditionsPattern 1=type:s 2=status:s
        PodFailurePolicyRule 1=action:s 2=onExitCodes:PodFailurePolicyOnExitCodesRequirement?
            3=onPodConditions:[PodFailurePolicyOnPodConditionsPattern]
        PodFailurePolicy 1=rules:[PodFailurePolicyRule]
        SuccessPolicyRule 1=succeededIndexes:s? 2=succeededCount:i?
        SuccessPolicy 1=rules:[SuccessPolicyRule]
        JobSpec 1=parallelism:i? 2=completions:i? 3=activeDeadlineSeconds:i? 11=podFailurePolicy:PodFailurePolicy?
            16=successPolicy:SuccessPolicy? 7=backoffLimit:i? 12=backoffLimitPerIndex:i? 13=maxFailedIndexes:i?
            4=selector:LabelSelector? 5=manualSelector:u? 6=template:PodTemplateSpec 8=ttlSecondsAfterFinished:i?
            9=completionMode:s? 10=suspend:u? 14=podReplacementPolicy:s? 15=managedBy:s?
        JobCondition 1=type:s 2=status:s 3=lastProbeTime:time 4=lastTransitionTime:time 5=reason:s 6=message:s
        UncountedTerminatedPods 1=succeeded:[s] 2=failed:[s]
        JobStatus 1=conditions:[JobCondition] 2=startTime:time? 3=completionTime:time? 4=active:i 5=succeeded:i
            6=failed:i 11=terminating:i? 7=completedIndexes:s 10=failedIndexes:s?
            8=uncountedTerminatedPods:UncountedTerminatedPods? 9=ready:i?
        Job 1=metadata:ObjectMeta 2=spec:JobSpec 3=status:JobStatus
        JobTemplateSpec 1=metadata:ObjectMeta 2=spec:JobSpec
        CronJobSpec 1=schedule:s 8=timeZone:s? 2=startingDeadlineSeconds:i? 3=concurrencyPolicy:s 4=suspend:u?
            5=jobTemplate:JobTemplateSpec 6=successfulJobsHistoryLimit:i? 7=failedJobsHistoryLimit:i?
        CronJobStatus 1=active:[ObjectReference] 4=lastScheduleTime:time? 5=lastSuccessfulTime:time?
        CronJob 1=metadata:ObjectMeta 2=spec:CronJobSpec 3=status:CronJobStatus
        Preconditions 1=uid:s? 2=resourceVersion:s?
        DeleteOptions 1=gracePeriodSeconds:i? 2=preconditions:Preconditions? 3=orphanDependents:u?
            4=propagationPolicy:s? 5=dryRun:[s] 6=ignoreStoreReadErrorWithClusterBreakingPotential:u?
        """
}
