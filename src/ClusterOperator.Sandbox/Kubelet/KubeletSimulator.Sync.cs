using System.Globalization;
using System.Text.Json.Nodes;
using ClusterOperator.Sandbox.Errors;
using ClusterOperator.Sandbox.Json;
using ClusterOperator.Sandbox.Server;
using ClusterOperator.Sandbox.Storage;

namespace ClusterOperator.Sandbox.Kubelet;

internal sealed partial class KubeletSimulator
{
    private readonly Dictionary<string, string> _uidByKey = new(StringComparer.Ordinal);

    private void Sync(string ns, string name)
    {
        var key = ObjectStore.Key(ns, name);
        var pod = _operations.Store.Get(ApiOperations.Pods, ns, name);
        if (_uidByKey.TryGetValue(key, out var knownUid) && knownUid != pod?.Uid)
        {
            Forget(knownUid);
            _uidByKey.Remove(key);
        }

        var nodeName = pod is null ? null : JsonNodes.GetString(pod.Object, "spec", "nodeName");
        if (pod is null || nodeName is null || !_nodes.TryGetValue(nodeName, out var node) || !_ready.GetValueOrDefault(nodeName))
        {
            return;
        }

        _uidByKey[key] = pod.Uid;
        var now = _time.GetUtcNow();
        _pods.TryGetValue(pod.Uid, out var runtime);
        if (pod.IsTerminating)
        {
            Terminate(pod, runtime, key, now);
        }
        else if (IsTerminal(pod.Object))
        {
            Forget(pod.Uid);
        }
        else if (runtime is null)
        {
            Admit(pod, node, key, now);
        }
        else if (runtime.RunningSince is null)
        {
            StartIfDue(pod, node, runtime, key, now);
        }
        else
        {
            Progress(pod, runtime, key, now);
        }
    }

    private void Admit(StoredObject pod, SimulatedNode node, string key, DateTimeOffset now)
    {
        var admitted = _podsByNode.TryGetValue(node.Name, out var onNode) ? onNode : [];
        foreach (var resource in AccountedResources.Append("pods"))
        {
            var requested = resource == "pods" ? 1 : Requested(pod.Object, resource);
            var used = admitted.Sum(r => resource == "pods" ? 1 : r.Requests.GetValueOrDefault(resource));
            var capacity = node.Allocatable(resource);
            if (requested > 0 && used + requested > capacity)
            {
                Reject(pod, node, resource, requested, used, capacity);
                return;
            }
        }

        var runtime = new PodRuntime(pod.Uid, node.Name, now);
        foreach (var resource in AccountedResources)
        {
            runtime.Requests[resource] = Requested(pod.Object, resource);
        }

        _pods[pod.Uid] = runtime;
        if (onNode is null)
        {
            _podsByNode[node.Name] = onNode = [];
        }

        onNode.Add(runtime);
        WriteStatus(pod, (copy, status) =>
        {
            status["hostIP"] = node.InternalIp;
            status["hostIPs"] = new JsonArray(new JsonObject { ["ip"] = node.InternalIp });
            status["startTime"] = Timestamps.Format(now);
            ApiOperations.SetCondition(status, "PodReadyToStartContainers", "False", null, now);
            ApiOperations.SetCondition(status, "Initialized", "True", null, now);
            ApiOperations.SetCondition(status, "Ready", "False", "ContainersNotReady", now, "containers with unready status");
            ApiOperations.SetCondition(status, "ContainersReady", "False", "ContainersNotReady", now, "containers with unready status");
            ApiOperations.SetCondition(status, "PodScheduled", "True", null, now);
            status["containerStatuses"] = ContainerStatuses(copy, _ => new JsonObject
            {
                ["waiting"] = new JsonObject { ["reason"] = "ContainerCreating" },
            }, ready: false, restartCount: 0);
        });
        ScheduleAt(runtime, key, now + _startupDelay);
    }

    private void Reject(StoredObject pod, SimulatedNode node, string resource, decimal requested, decimal used, decimal capacity)
    {
        var reason = "OutOf" + resource;
        var message = string.Create(CultureInfo.InvariantCulture,
            $"Pod was rejected: Node didn't have enough resource: {resource}, requested: {requested}, used: {used}, capacity: {capacity}");
        WriteStatus(pod, (_, status) =>
        {
            status["phase"] = "Failed";
            status["reason"] = reason;
            status["message"] = message;
        });
        Emit(pod, node.Name, "Warning", reason, message);
    }

    private void StartIfDue(StoredObject pod, SimulatedNode node, PodRuntime runtime, string key, DateTimeOffset now)
    {
        if (now < runtime.AdmittedAt + _startupDelay)
        {
            ScheduleAt(runtime, key, runtime.AdmittedAt + _startupDelay);
            return;
        }

        runtime.RunningSince = now;
        var podIp = node.PodIp(Interlocked.Increment(ref _ipSequence));
        WriteStatus(pod, (copy, status) =>
        {
            status["phase"] = "Running";
            status["podIP"] = podIp;
            status["podIPs"] = new JsonArray(new JsonObject { ["ip"] = podIp });
            MarkReady(status, now);
            status["containerStatuses"] = ContainerStatuses(copy, _ => Running(now), ready: true, restartCount: 0);
        });
        var first = JsonNodes.GetString(JsonNodes.GetArray(pod.Object, "spec", "containers")?.FirstOrDefault(), "name");
        Emit(pod, node.Name, "Normal", "Started", $"Started container {first}");
        ScheduleNext(pod, runtime, key, now);
    }

    private void Progress(StoredObject pod, PodRuntime runtime, string key, DateTimeOffset now)
    {
        var deadline = ActiveDeadline(pod.Object, runtime);
        var finish = RunSeconds(pod.Object) is { } seconds ? runtime.RunningSince!.Value.AddSeconds(seconds) : (DateTimeOffset?)null;
        if (deadline <= now)
        {
            Finish(pod, runtime, exitCode: 137, "Failed", "DeadlineExceeded",
                "Pod was active on the node longer than the specified deadline", now);
            Emit(pod, runtime.Node, "Warning", "DeadlineExceeded", "Pod was active on the node longer than the specified deadline");
            return;
        }

        if (finish <= now)
        {
            var exitCode = ExitCode(pod.Object);
            var policy = JsonNodes.GetString(pod.Object, "spec", "restartPolicy") ?? "Always";
            if (policy == "Always" || (policy == "OnFailure" && exitCode != 0))
            {
                Restart(pod, runtime, exitCode, now);
                ScheduleNext(pod, runtime, key, now);
                return;
            }

            Finish(pod, runtime, exitCode, exitCode == 0 ? "Succeeded" : "Failed", null, null, now);
            return;
        }

        if (JsonNodes.GetArray(pod.Object, "status", "conditions")?
                .FirstOrDefault(c => JsonNodes.GetString(c, "type") == "Ready") is { } ready &&
            JsonNodes.GetString(ready, "status") != "True")
        {
            WriteStatus(pod, (_, status) => MarkReady(status, now));
        }

        ScheduleNext(pod, runtime, key, now);
    }

    private void Terminate(StoredObject pod, PodRuntime? runtime, string key, DateTimeOffset now)
    {
        var pods = _operations.Registry.StorageDefinition(ApiOperations.Pods)!;
        if (runtime is not null && !IsTerminal(pod.Object))
        {
            var grace = JsonNodes.GetInt64(pod.Metadata, "deletionGracePeriodSeconds") ?? 0;
            var checkpoint = CheckpointSeconds(pod.Object);
            if (runtime.StopBy is null)
            {
                runtime.StopBy = now.AddSeconds(Math.Min(grace, checkpoint));
                Emit(pod, runtime.Node, "Normal", "Killing", "Stopping container");
            }

            if (now < runtime.StopBy)
            {
                ScheduleAt(runtime, key, runtime.StopBy.Value);
                return;
            }

            Finish(pod, runtime, checkpoint <= grace ? 143 : 137, "Failed", null, null, now);
        }

        Forget(pod.Uid);
        try
        {
            _operations.Delete(pods, pod.Namespace, pod.Name, new DeleteRequest(GracePeriodSeconds: 0, PreconditionUid: pod.Uid),
                _operations.SystemContext());
        }
        catch (ApiException exception) when (exception.Code is 404 or 409)
        {
            // Already gone, or replaced by a new pod of the same name.
        }
    }

    private void Restart(StoredObject pod, PodRuntime runtime, long exitCode, DateTimeOffset now)
    {
        var startedAt = runtime.RunningSince!.Value;
        runtime.RunningSince = now;
        WriteStatus(pod, (copy, status) =>
        {
            var restarts = (JsonNodes.GetArray(status, "containerStatuses")?.FirstOrDefault() is { } first
                ? JsonNodes.GetInt64(first, "restartCount") ?? 0
                : 0) + 1;
            status["containerStatuses"] = ContainerStatuses(copy, _ => Running(now), ready: true, restartCount: restarts,
                lastState: Terminated(exitCode, startedAt, now));
        });
    }

    private void Finish(StoredObject pod, PodRuntime runtime, long exitCode, string phase, string? reason, string? message,
        DateTimeOffset now)
    {
        var startedAt = runtime.RunningSince ?? now;
        Forget(runtime.Uid);
        WriteStatus(pod, (copy, status) =>
        {
            status["phase"] = phase;
            if (reason is not null)
            {
                status["reason"] = reason;
                status["message"] = message;
            }

            var restarts = JsonNodes.GetArray(status, "containerStatuses")?.FirstOrDefault() is { } first
                ? JsonNodes.GetInt64(first, "restartCount") ?? 0
                : 0;
            ApiOperations.SetCondition(status, "Ready", "False", "PodCompleted", now);
            ApiOperations.SetCondition(status, "ContainersReady", "False", "PodCompleted", now);
            ApiOperations.SetCondition(status, "PodReadyToStartContainers", "False", null, now);
            status["containerStatuses"] = ContainerStatuses(copy, _ => Terminated(exitCode, startedAt, now), ready: false,
                restartCount: restarts);
        });
    }

    private void ScheduleNext(StoredObject pod, PodRuntime runtime, string key, DateTimeOffset now)
    {
        var finish = RunSeconds(pod.Object) is { } seconds ? runtime.RunningSince!.Value.AddSeconds(seconds) : (DateTimeOffset?)null;
        var deadline = ActiveDeadline(pod.Object, runtime);
        var next = (finish, deadline) switch
        {
            ({ } f, { } d) => f < d ? f : d,
            ({ } f, null) => f,
            (null, { } d) => d,
            _ => (DateTimeOffset?)null,
        };
        if (next is { } when)
        {
            ScheduleAt(runtime, key, when < now ? now : when);
        }
    }

    private void WriteStatus(StoredObject pod, Action<JsonObject, JsonObject> change) =>
        _operations.Mutate(ApiOperations.Pods, pod.Namespace, pod.Name, "status", copy =>
        {
            if (JsonNodes.GetString(copy, "metadata", "uid") != pod.Uid)
            {
                return false;
            }

            change(copy, JsonNodes.Ensure(copy, "status"));
            return true;
        });

    private void Emit(StoredObject pod, string nodeName, string type, string reason, string message)
    {
        var now = Timestamps.Format(_time.GetUtcNow());
        var definition = _operations.Registry.StorageDefinition(Events)!;
        try
        {
            _operations.Create(definition, pod.Namespace, new JsonObject
            {
                ["apiVersion"] = "v1",
                ["kind"] = "Event",
                ["metadata"] = new JsonObject
                {
                    ["name"] = $"{pod.Name}.{Guid.NewGuid():N}"[..Math.Min(253, pod.Name.Length + 17)],
                },
                ["involvedObject"] = new JsonObject
                {
                    ["apiVersion"] = "v1",
                    ["kind"] = "Pod",
                    ["namespace"] = pod.Namespace,
                    ["name"] = pod.Name,
                    ["uid"] = pod.Uid,
                },
                ["reason"] = reason,
                ["message"] = message,
                ["type"] = type,
                ["source"] = new JsonObject { ["component"] = "kubelet", ["host"] = nodeName },
                ["firstTimestamp"] = now,
                ["lastTimestamp"] = now,
                ["count"] = 1,
                ["reportingComponent"] = "kubelet",
                ["reportingInstance"] = nodeName,
            }, _operations.SystemContext());
        }
        catch (ApiException)
        {
            // Events are best effort, as on a real cluster (e.g. the namespace is terminating).
        }
    }

    private static void MarkReady(JsonObject status, DateTimeOffset now)
    {
        ApiOperations.SetCondition(status, "PodReadyToStartContainers", "True", null, now);
        ApiOperations.SetCondition(status, "Ready", "True", null, now);
        ApiOperations.SetCondition(status, "ContainersReady", "True", null, now);
    }

    private static JsonArray ContainerStatuses(JsonObject pod, Func<JsonObject, JsonObject> state, bool ready, long restartCount,
        JsonObject? lastState = null)
    {
        var statuses = new JsonArray();
        foreach (var container in JsonNodes.GetArray(pod, "spec", "containers")?.OfType<JsonObject>() ?? [])
        {
            var containerState = state(container);
            statuses.Add(new JsonObject
            {
                ["name"] = JsonNodes.GetString(container, "name"),
                ["image"] = JsonNodes.GetString(container, "image"),
                ["imageID"] = string.Empty,
                ["containerID"] = containerState.ContainsKey("waiting") ? null : $"sandbox://{Guid.NewGuid():N}",
                ["ready"] = ready,
                ["started"] = containerState.ContainsKey("running"),
                ["restartCount"] = restartCount,
                ["state"] = containerState,
                ["lastState"] = lastState?.DeepClone() ?? new JsonObject(),
            });
        }

        return statuses;
    }

    private static JsonObject Running(DateTimeOffset startedAt) => new()
    {
        ["running"] = new JsonObject { ["startedAt"] = Timestamps.Format(startedAt) },
    };

    private static JsonObject Terminated(long exitCode, DateTimeOffset startedAt, DateTimeOffset finishedAt) => new()
    {
        ["terminated"] = new JsonObject
        {
            ["exitCode"] = exitCode,
            ["reason"] = exitCode == 0 ? "Completed" : "Error",
            ["startedAt"] = Timestamps.Format(startedAt),
            ["finishedAt"] = Timestamps.Format(finishedAt),
        },
    };

    private static DateTimeOffset? ActiveDeadline(JsonObject pod, PodRuntime runtime) =>
        JsonNodes.GetInt64(pod, "spec", "activeDeadlineSeconds") is { } seconds ? runtime.AdmittedAt.AddSeconds(seconds) : null;

    private static double? RunSeconds(JsonObject pod) =>
        double.TryParse(JsonNodes.GetString(pod, "metadata", "annotations", SandboxConventions.RunSecondsAnnotation),
            NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds) && seconds >= 0
            ? seconds
            : null;

    private static long ExitCode(JsonObject pod) =>
        long.TryParse(JsonNodes.GetString(pod, "metadata", "annotations", SandboxConventions.ExitCodeAnnotation),
            CultureInfo.InvariantCulture, out var code)
            ? code
            : 0;

    private static double CheckpointSeconds(JsonObject pod) =>
        double.TryParse(JsonNodes.GetString(pod, "metadata", "annotations", SandboxConventions.CheckpointSecondsAnnotation),
            NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds) && seconds >= 0
            ? seconds
            : 1;
}
