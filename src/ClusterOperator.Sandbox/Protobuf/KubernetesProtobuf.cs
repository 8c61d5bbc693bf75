using System.Text.Json.Nodes;
using ClusterOperator.Sandbox.Errors;
using ClusterOperator.Sandbox.Json;

namespace ClusterOperator.Sandbox.Protobuf;

/// <summary>
/// Decodes the Kubernetes protobuf envelope ("k8s\0" + runtime.Unknown) for the built-in kinds that Go clients
/// write through typed clientsets, which default to protobuf: helm's release Secrets and ConfigMaps, kubectl
/// create namespace/secret/configmap/serviceaccount, evictions, bindings and delete options.
/// </summary>
internal static class KubernetesProtobuf
{
    public const string ContentType = "application/vnd.kubernetes.protobuf";

    private static readonly byte[] Magic = "k8s\0"u8.ToArray();

    private static readonly ProtoMessage OwnerReference = new ProtoMessage()
        .Add(1, new ProtoField("kind", ProtoKind.String))
        .Add(3, new ProtoField("name", ProtoKind.String))
        .Add(4, new ProtoField("uid", ProtoKind.String))
        .Add(5, new ProtoField("apiVersion", ProtoKind.String))
        .Add(6, new ProtoField("controller", ProtoKind.Bool))
        .Add(7, new ProtoField("blockOwnerDeletion", ProtoKind.Bool));

    private static readonly ProtoMessage ObjectMeta = new ProtoMessage()
        .Add(1, new ProtoField("name", ProtoKind.String))
        .Add(2, new ProtoField("generateName", ProtoKind.String))
        .Add(3, new ProtoField("namespace", ProtoKind.String))
        .Add(5, new ProtoField("uid", ProtoKind.String))
        .Add(6, new ProtoField("resourceVersion", ProtoKind.String))
        .Add(7, new ProtoField("generation", ProtoKind.Int64))
        .Add(8, new ProtoField("creationTimestamp", ProtoKind.Time))
        .Add(11, new ProtoField("labels", ProtoKind.Map))
        .Add(12, new ProtoField("annotations", ProtoKind.Map))
        .Add(13, new ProtoField("ownerReferences", ProtoKind.Message, Repeated: true, Message: OwnerReference))
        .Add(14, new ProtoField("finalizers", ProtoKind.String, Repeated: true));

    private static readonly ProtoMessage ObjectReference = new ProtoMessage()
        .Add(1, new ProtoField("kind", ProtoKind.String))
        .Add(2, new ProtoField("namespace", ProtoKind.String))
        .Add(3, new ProtoField("name", ProtoKind.String))
        .Add(4, new ProtoField("uid", ProtoKind.String))
        .Add(5, new ProtoField("apiVersion", ProtoKind.String))
        .Add(6, new ProtoField("resourceVersion", ProtoKind.String))
        .Add(7, new ProtoField("fieldPath", ProtoKind.String));

    private static readonly ProtoMessage Preconditions = new ProtoMessage()
        .Add(1, new ProtoField("uid", ProtoKind.String))
        .Add(2, new ProtoField("resourceVersion", ProtoKind.String));

    private static readonly ProtoMessage DeleteOptions = new ProtoMessage()
        .Add(1, new ProtoField("gracePeriodSeconds", ProtoKind.Int64))
        .Add(2, new ProtoField("preconditions", ProtoKind.Message, Message: Preconditions))
        .Add(3, new ProtoField("orphanDependents", ProtoKind.Bool))
        .Add(4, new ProtoField("propagationPolicy", ProtoKind.String))
        .Add(5, new ProtoField("dryRun", ProtoKind.String, Repeated: true));

    private static readonly Dictionary<string, ProtoMessage> Kinds = new(StringComparer.Ordinal)
    {
        ["Secret"] = new ProtoMessage()
            .Add(1, new ProtoField("metadata", ProtoKind.Message, Message: ObjectMeta))
            .Add(2, new ProtoField("data", ProtoKind.Map, MapValue: ProtoKind.Bytes))
            .Add(3, new ProtoField("type", ProtoKind.String))
            .Add(4, new ProtoField("stringData", ProtoKind.Map))
            .Add(5, new ProtoField("immutable", ProtoKind.Bool)),
        ["ConfigMap"] = new ProtoMessage()
            .Add(1, new ProtoField("metadata", ProtoKind.Message, Message: ObjectMeta))
            .Add(2, new ProtoField("data", ProtoKind.Map))
            .Add(3, new ProtoField("binaryData", ProtoKind.Map, MapValue: ProtoKind.Bytes))
            .Add(4, new ProtoField("immutable", ProtoKind.Bool)),
        ["Namespace"] = new ProtoMessage()
            .Add(1, new ProtoField("metadata", ProtoKind.Message, Message: ObjectMeta))
            .Add(2, new ProtoField("spec", ProtoKind.Message,
                Message: new ProtoMessage().Add(1, new ProtoField("finalizers", ProtoKind.String, Repeated: true)))),
        ["ServiceAccount"] = new ProtoMessage()
            .Add(1, new ProtoField("metadata", ProtoKind.Message, Message: ObjectMeta))
            .Add(2, new ProtoField("secrets", ProtoKind.Message, Repeated: true, Message: ObjectReference))
            .Add(3, new ProtoField("imagePullSecrets", ProtoKind.Message, Repeated: true,
                Message: new ProtoMessage().Add(1, new ProtoField("name", ProtoKind.String))))
            .Add(4, new ProtoField("automountServiceAccountToken", ProtoKind.Bool)),
        ["Binding"] = new ProtoMessage()
            .Add(1, new ProtoField("metadata", ProtoKind.Message, Message: ObjectMeta))
            .Add(2, new ProtoField("target", ProtoKind.Message, Message: ObjectReference)),
        ["Eviction"] = new ProtoMessage()
            .Add(1, new ProtoField("metadata", ProtoKind.Message, Message: ObjectMeta))
            .Add(2, new ProtoField("deleteOptions", ProtoKind.Message, Message: DeleteOptions)),
        ["DeleteOptions"] = DeleteOptions,
    };

    private static readonly ProtoMessage Unknown = new ProtoMessage()
        .Add(1, new ProtoField("typeMeta", ProtoKind.Message, Message: new ProtoMessage()
            .Add(1, new ProtoField("apiVersion", ProtoKind.String))
            .Add(2, new ProtoField("kind", ProtoKind.String))))
        .Add(2, new ProtoField("raw", ProtoKind.Bytes));

    public static bool IsProtobuf(string? contentType) =>
        contentType?.Split(';')[0].Trim().Equals(ContentType, StringComparison.OrdinalIgnoreCase) == true;

    public static JsonObject Decode(byte[] body)
    {
        if (body.Length < Magic.Length || !body.AsSpan(0, Magic.Length).SequenceEqual(Magic))
        {
            throw StatusBodies.BadRequest("protobuf body does not start with the Kubernetes magic number");
        }

        try
        {
            var envelope = Unknown.Decode(body.AsSpan(Magic.Length));
            var apiVersion = JsonNodes.GetString(envelope, "typeMeta", "apiVersion") ?? string.Empty;
            var kind = JsonNodes.GetString(envelope, "typeMeta", "kind") ?? string.Empty;
            if (!Kinds.TryGetValue(kind, out var message))
            {
                throw StatusBodies.UnsupportedMediaType(
                    $"the sandbox cannot decode protobuf {kind} objects; send application/json");
            }

            var raw = Convert.FromBase64String(JsonNodes.GetString(envelope, "raw") ?? string.Empty);
            var obj = message.Decode(raw);
            var result = new JsonObject { ["apiVersion"] = apiVersion, ["kind"] = kind };
            foreach (var (key, value) in obj.ToList())
            {
                obj.Remove(key);
                result[key] = value;
            }

            return result;
        }
        catch (FormatException exception)
        {
            throw StatusBodies.BadRequest($"invalid protobuf body: {exception.Message}");
        }
    }
}
