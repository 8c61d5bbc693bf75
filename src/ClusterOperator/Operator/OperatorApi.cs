using ClusterOperator.Api;
using ClusterOperator.Api.Model;
using ClusterOperator.Runtime;
using ClusterOperator.Runtime.Resilience;
using k8s;
using k8s.Models;

namespace ClusterOperator.Operator;

/// <summary>
/// Every write the operator makes, each through <see cref="ResilientApi"/> so it retries transient errors and only
/// the leader writes. Creates treat AlreadyExists as done and deletes treat NotFound as done: reconcilers repeat.
/// </summary>
internal sealed class OperatorApi(IKubernetes client, ResilientApi api)
{
    public Task CreatePodAsync(V1Pod pod, CancellationToken ct) =>
        IgnoreAsync(api.WriteAsync("create_pod", c => client.CoreV1.CreateNamespacedPodAsync(pod, pod.Metadata.NamespaceProperty, cancellationToken: c), ct), KubernetesErrors.IsAlreadyExists);

    public Task CreateServiceAsync(V1Service service, CancellationToken ct) =>
        IgnoreAsync(api.WriteAsync("create_service", c => client.CoreV1.CreateNamespacedServiceAsync(service, service.Metadata.NamespaceProperty, cancellationToken: c), ct), KubernetesErrors.IsAlreadyExists);

    public Task DeletePodAsync(V1Pod pod, long? gracePeriodSeconds, CancellationToken ct) =>
        IgnoreAsync(api.WriteAsync("delete_pod", c => client.CoreV1.DeleteNamespacedPodAsync(
            pod.Metadata.Name,
            pod.Metadata.NamespaceProperty,
            new V1DeleteOptions
            {
                GracePeriodSeconds = gracePeriodSeconds,
                Preconditions = new V1Preconditions { Uid = pod.Metadata.Uid },
            },
            cancellationToken: c), ct), e => KubernetesErrors.IsNotFound(e) || KubernetesErrors.IsConflict(e));

    /// <summary>Binds a pod to a node, as a scheduler does. A pod already bound answers 409, which is fine.</summary>
    public Task BindAsync(V1Pod pod, string node, CancellationToken ct) =>
        IgnoreAsync(api.WriteAsync("create_binding", c => client.CoreV1.CreateNamespacedPodBindingAsync(
            new V1Binding
            {
                Metadata = new V1ObjectMeta { Name = pod.Metadata.Name, NamespaceProperty = pod.Metadata.NamespaceProperty, Uid = pod.Metadata.Uid },
                Target = new V1ObjectReference { Kind = "Node", Name = node, ApiVersion = "v1" },
            },
            pod.Metadata.Name,
            pod.Metadata.NamespaceProperty,
            cancellationToken: c), ct), KubernetesErrors.IsConflict);

    public Task CreateRunAsync(TrainingRun run, CancellationToken ct) =>
        IgnoreAsync(api.WriteAsync("create_trainingrun", c => client.CustomObjects.CreateNamespacedCustomObjectAsync(
            run, ApiGroup.Group, ApiGroup.Version, run.Metadata.NamespaceProperty, TrainingRun.Plural, cancellationToken: c), ct), KubernetesErrors.IsAlreadyExists);

    public Task DeleteRunAsync(ObjectKey key, CancellationToken ct) =>
        IgnoreAsync(api.WriteAsync("delete_trainingrun", c => client.CustomObjects.DeleteNamespacedCustomObjectAsync(
            ApiGroup.Group, ApiGroup.Version, key.Namespace, TrainingRun.Plural, key.Name,
            new V1DeleteOptions { PropagationPolicy = "Background" }, cancellationToken: c), ct), KubernetesErrors.IsNotFound);

    /// <summary>
    /// Replaces the status of a run or experiment when <paramref name="mutate"/> changes it. The first try uses the
    /// cached object; a conflict re-reads it from the server. A run deleted meanwhile needs no status.
    /// </summary>
    public Task UpdateStatusAsync<T>(T cached, string plural, Func<T, bool> mutate, CancellationToken ct)
        where T : class, IKubernetesObject<V1ObjectMeta>
    {
        var key = ObjectKey.From(cached);
        var first = true;
        return IgnoreAsync(api.UpdateWithRetryAsync(
            async c =>
            {
                if (first)
                {
                    first = false;
                    return KubernetesObjects.Clone(cached);
                }

                return await client.CustomObjects.GetNamespacedCustomObjectAsync<T>(ApiGroup.Group, ApiGroup.Version, key.Namespace, plural, key.Name, c);
            },
            mutate,
            (obj, c) => client.CustomObjects.ReplaceNamespacedCustomObjectStatusAsync<T>(obj, ApiGroup.Group, ApiGroup.Version, key.Namespace, plural, key.Name, cancellationToken: c),
            ct,
            "update_status"), KubernetesErrors.IsNotFound);
    }

    private static async Task IgnoreAsync(Task write, Func<Exception, bool> harmless)
    {
        try
        {
            await write;
        }
        catch (Exception e) when (harmless(e))
        {
            // The world is already as the write wanted it.
        }
    }
}
