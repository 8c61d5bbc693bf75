using System.Text.Json;
using System.Text.Json.Serialization;
using ClusterOperator.Runtime.Resilience;
using ClusterOperator.Scheduler;
using k8s;
using k8s.Models;

namespace ClusterOperator.Operator;

/// <summary>Keeps <see cref="SchedulerState"/> in a ConfigMap in the operator's namespace.</summary>
internal sealed class SchedulerStateStore(IKubernetes client, ResilientApi api, string @namespace)
{
    public const string ConfigMapName = "clusteroperator-scheduler-state";
    private const string Key = "state.json";
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { Converters = { new JsonStringEnumConverter() } };
    private string? _saved;
    private string? _savedReservations;
    private DateTimeOffset _savedAt = DateTimeOffset.MinValue;

    public async Task<SchedulerState> LoadAsync(CancellationToken ct)
    {
        try
        {
            var map = await api.ReadAsync("get_configmap", c => client.CoreV1.ReadNamespacedConfigMapAsync(ConfigMapName, @namespace, cancellationToken: c), ct);
            _saved = map.Data is { } data && data.TryGetValue(Key, out var text) ? text : null;
            return _saved is null ? SchedulerState.Empty : JsonSerializer.Deserialize<SchedulerState>(_saved, Json) ?? SchedulerState.Empty;
        }
        catch (Exception e) when (KubernetesErrors.IsNotFound(e))
        {
            return SchedulerState.Empty;
        }
    }

    /// <summary>
    /// Writes the state when it differs from what was last saved. Usage moves a little every round, so a change of
    /// usage alone is written at most once per <paramref name="usageInterval"/>; a crash loses at most that much
    /// accrual. Reservations are written at once: a new leader must honour them.
    /// </summary>
    public async Task SaveAsync(SchedulerState state, DateTimeOffset now, TimeSpan usageInterval, CancellationToken ct)
    {
        var text = JsonSerializer.Serialize(state, Json);
        var reservations = JsonSerializer.Serialize(state.Reservations, Json);
        if (text == _saved || (reservations == _savedReservations && now - _savedAt < usageInterval))
        {
            return;
        }

        var map = new V1ConfigMap
        {
            Metadata = new V1ObjectMeta { Name = ConfigMapName, NamespaceProperty = @namespace },
            Data = new Dictionary<string, string> { [Key] = text },
        };
        try
        {
            await api.WriteAsync("update_configmap", c => client.CoreV1.ReplaceNamespacedConfigMapAsync(map, ConfigMapName, @namespace, cancellationToken: c), ct);
        }
        catch (Exception e) when (KubernetesErrors.IsNotFound(e))
        {
            await api.WriteAsync("create_configmap", c => client.CoreV1.CreateNamespacedConfigMapAsync(map, @namespace, cancellationToken: c), ct);
        }

        _saved = text;
        _savedReservations = reservations;
        _savedAt = now;
    }
}
