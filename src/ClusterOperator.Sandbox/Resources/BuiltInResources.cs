using ClusterOperator.Sandbox.Storage;

namespace ClusterOperator.Sandbox.Resources;

/// <summary>
/// The built-in resources: core/v1, events.k8s.io and coordination leases with behaviour, ValidatingAdmissionPolicies
/// (enforced), and the stored-only groups (apps, batch, rbac, policy, webhooks, networking, scheduling, discovery) that
/// charts create but the sandbox does not run.
/// </summary>
internal static class BuiltInResources
{
    private static readonly IReadOnlyList<string> NoCollectionDelete =
        ["create", "delete", "get", "list", "patch", "update", "watch"];

    public static IReadOnlyList<ResourceDefinition> Create()
    {
        var status = new SubresourceDefinition("status", string.Empty, ResourceDefinition.StatusVerbs);
        return
        [
            Core("namespaces", "Namespace", namespaced: false, new NamespaceBehavior(), ["ns"],
                subresources: [status with { Kind = "Namespace" }, new SubresourceDefinition("finalize", "Namespace", ["update"])],
                verbs: NoCollectionDelete, nameRule: NameRule.Label),
            Core("nodes", "Node", namespaced: false, new NodeBehavior(), ["no"], subresources: [status with { Kind = "Node" }]),
            Core("pods", "Pod", namespaced: true, new PodBehavior(), ["po"], ["all"],
                subresources:
                [
                    status with { Kind = "Pod" },
                    new SubresourceDefinition("binding", "Binding", ["create"]),
                    new SubresourceDefinition("eviction", "Eviction", ["create"], "policy", "v1"),
                ],
                returnsDeletedObject: true),
            Core("services", "Service", namespaced: true, new ServiceBehavior(), ["svc"], ["all"],
                subresources: [status with { Kind = "Service" }], returnsDeletedObject: true, nameRule: NameRule.Label),
            Core("endpoints", "Endpoints", namespaced: true, ResourceBehavior.Default, ["ep"]),
            Core("configmaps", "ConfigMap", namespaced: true, new ConfigMapBehavior(), ["cm"]),
            Core("secrets", "Secret", namespaced: true, new SecretBehavior()),
            Core("serviceaccounts", "ServiceAccount", namespaced: true, ResourceBehavior.Default, ["sa"]),
            Core("events", "Event", namespaced: true, new EventBehavior(), ["ev"]),
            Core("persistentvolumeclaims", "PersistentVolumeClaim", namespaced: true, ResourceBehavior.Default, ["pvc"],
                subresources: [status with { Kind = "PersistentVolumeClaim" }]),
            Core("persistentvolumes", "PersistentVolume", namespaced: false, ResourceBehavior.Default, ["pv"],
                subresources: [status with { Kind = "PersistentVolume" }]),
            Core("resourcequotas", "ResourceQuota", namespaced: true, ResourceBehavior.Default, ["quota"],
                subresources: [status with { Kind = "ResourceQuota" }]),
            Core("limitranges", "LimitRange", namespaced: true, ResourceBehavior.Default, ["limits"]),
            Core("podtemplates", "PodTemplate", namespaced: true, ResourceBehavior.Default),
            Core("replicationcontrollers", "ReplicationController", namespaced: true, ResourceBehavior.Default, ["rc"], ["all"],
                subresources: [status with { Kind = "ReplicationController" }]),
            new ResourceDefinition
            {
                Group = string.Empty, Version = "v1", Resource = "bindings", Kind = "Binding", Singular = "binding",
                Namespaced = true, Verbs = ["create"], Stored = false,
            },
            new ResourceDefinition
            {
                Group = "events.k8s.io", Version = "v1", Resource = "events", Kind = "Event", Singular = "event",
                Namespaced = true, ShortNames = ["ev"], Behavior = new EventsV1Behavior(),
                StorageOverride = new GroupResource(string.Empty, "events"),
            },
            Grouped("coordination.k8s.io", "leases", "Lease", namespaced: true, new LeaseBehavior()),
            Grouped("apps", "deployments", "Deployment", namespaced: true, new DeploymentBehavior(), ["deploy"], ["all"], withStatus: true),
            Grouped("apps", "replicasets", "ReplicaSet", namespaced: true, new DeploymentBehavior(), ["rs"], ["all"], withStatus: true),
            Grouped("apps", "statefulsets", "StatefulSet", namespaced: true, new DeploymentBehavior(), ["sts"], ["all"], withStatus: true),
            Grouped("apps", "daemonsets", "DaemonSet", namespaced: true, ResourceBehavior.Default, ["ds"], ["all"], withStatus: true),
            Grouped("apps", "controllerrevisions", "ControllerRevision", namespaced: true, ResourceBehavior.Default),
            Grouped("batch", "jobs", "Job", namespaced: true, ResourceBehavior.Default, [], ["all"], withStatus: true),
            Grouped("batch", "cronjobs", "CronJob", namespaced: true, ResourceBehavior.Default, ["cj"], ["all"], withStatus: true),
            Grouped("rbac.authorization.k8s.io", "roles", "Role", namespaced: true, nameRule: NameRule.PathSegment),
            Grouped("rbac.authorization.k8s.io", "rolebindings", "RoleBinding", namespaced: true, nameRule: NameRule.PathSegment),
            Grouped("rbac.authorization.k8s.io", "clusterroles", "ClusterRole", namespaced: false, nameRule: NameRule.PathSegment),
            Grouped("rbac.authorization.k8s.io", "clusterrolebindings", "ClusterRoleBinding", namespaced: false,
                nameRule: NameRule.PathSegment),
            Grouped("policy", "poddisruptionbudgets", "PodDisruptionBudget", namespaced: true, ResourceBehavior.Default, ["pdb"],
                withStatus: true),
            Grouped("admissionregistration.k8s.io", "validatingwebhookconfigurations", "ValidatingWebhookConfiguration", namespaced: false),
            Grouped("admissionregistration.k8s.io", "mutatingwebhookconfigurations", "MutatingWebhookConfiguration", namespaced: false),
            Grouped("admissionregistration.k8s.io", "validatingadmissionpolicies", "ValidatingAdmissionPolicy", namespaced: false,
                new ValidatingAdmissionPolicyBehavior(), withStatus: true),
            Grouped("admissionregistration.k8s.io", "validatingadmissionpolicybindings", "ValidatingAdmissionPolicyBinding",
                namespaced: false, new ValidatingAdmissionPolicyBindingBehavior()),
            Grouped("networking.k8s.io", "networkpolicies", "NetworkPolicy", namespaced: true, ResourceBehavior.Default, ["netpol"]),
            Grouped("networking.k8s.io", "ingresses", "Ingress", namespaced: true, ResourceBehavior.Default, ["ing"], withStatus: true),
            Grouped("scheduling.k8s.io", "priorityclasses", "PriorityClass", namespaced: false, ResourceBehavior.Default, ["pc"]),
            Grouped("discovery.k8s.io", "endpointslices", "EndpointSlice", namespaced: true),
            Grouped("apiextensions.k8s.io", "customresourcedefinitions", "CustomResourceDefinition", namespaced: false,
                new CustomResourceDefinitionBehavior(), ["crd", "crds"], withStatus: true),
        ];
    }

    private static ResourceDefinition Core(string resource, string kind, bool namespaced, ResourceBehavior behavior,
        IReadOnlyList<string>? shortNames = null, IReadOnlyList<string>? categories = null,
        IReadOnlyList<SubresourceDefinition>? subresources = null, IReadOnlyList<string>? verbs = null,
        bool returnsDeletedObject = false, NameRule nameRule = NameRule.Subdomain) => new()
        {
            Group = string.Empty,
            Version = "v1",
            Resource = resource,
            Kind = kind,
            Singular = kind.ToLowerInvariant(),
            Namespaced = namespaced,
            Behavior = behavior,
            ShortNames = shortNames ?? [],
            Categories = categories ?? [],
            Subresources = subresources ?? [],
            Verbs = verbs ?? ResourceDefinition.AllVerbs,
            ReturnsDeletedObject = returnsDeletedObject,
            NameRule = nameRule,
        };

    private static ResourceDefinition Grouped(string group, string resource, string kind, bool namespaced,
        ResourceBehavior? behavior = null, IReadOnlyList<string>? shortNames = null, IReadOnlyList<string>? categories = null,
        bool withStatus = false, NameRule nameRule = NameRule.Subdomain) => new()
        {
            Group = group,
            Version = "v1",
            Resource = resource,
            Kind = kind,
            Singular = kind.ToLowerInvariant(),
            Namespaced = namespaced,
            Behavior = behavior ?? ResourceBehavior.Default,
            ShortNames = shortNames ?? [],
            Categories = categories ?? [],
            Subresources = withStatus ? [new SubresourceDefinition("status", kind, ResourceDefinition.StatusVerbs)] : [],
            TracksGeneration = withStatus,
            ReturnsDeletedObject = group == "apiextensions.k8s.io",
            NameRule = nameRule,
        };
}
