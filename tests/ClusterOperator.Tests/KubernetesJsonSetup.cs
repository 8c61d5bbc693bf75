using System.Runtime.CompilerServices;
using ClusterOperator.Configuration;

namespace ClusterOperator.Tests;

/// <summary>
/// Raises the client's JSON depth before any test touches the client's serializer, as the executable does first thing:
/// the options are process-wide, freeze on first use, and tests run in any order.
/// </summary>
internal static class KubernetesJsonSetup
{
#pragma warning disable CA2255 // This test assembly plays the executable's part: it owns the process the tests share.
    [ModuleInitializer]
    public static void RaiseDepth() => KubernetesJsonDepth.Raise();
#pragma warning restore CA2255
}
