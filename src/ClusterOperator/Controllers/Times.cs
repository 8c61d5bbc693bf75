namespace ClusterOperator.Controllers;

/// <summary>Kubernetes timestamps are UTC whatever kind the deserializer gave them; this says so once.</summary>
internal static class Times
{
    public static DateTimeOffset Utc(DateTime time) => time.Kind switch
    {
        DateTimeKind.Local => new DateTimeOffset(time.ToUniversalTime(), TimeSpan.Zero),
        _ => new DateTimeOffset(DateTime.SpecifyKind(time, DateTimeKind.Utc), TimeSpan.Zero),
    };
}
