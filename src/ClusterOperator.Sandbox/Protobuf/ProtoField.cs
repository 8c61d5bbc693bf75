namespace ClusterOperator.Sandbox.Protobuf;

/// <summary>How one protobuf field of a Kubernetes type maps to its JSON field.</summary>
internal sealed record ProtoField(string Name, ProtoKind Kind, bool Repeated = false, ProtoMessage? Message = null,
    ProtoKind MapValue = ProtoKind.String);
