namespace ClusterOperator.Api.Schema;

/// <summary>Regular expressions shared by the CRD schema and the validator, so both say the same.</summary>
public static class NamePatterns
{
    /// <summary>An RFC 1123 DNS label: lower-case alphanumerics and '-', starting and ending alphanumeric.</summary>
    public const string DnsLabel = "^[a-z0-9]([-a-z0-9]*[a-z0-9])?$";

    /// <summary>A Kubernetes-style duration (90s, 5m, 1h30m, 72h, 2d) or hh:mm:ss.</summary>
    public const string Duration = @"^(([0-9]+(\.[0-9]+)?(ms|s|m|h|d))+|[0-9]+:[0-5][0-9]:[0-5][0-9])$";
}
