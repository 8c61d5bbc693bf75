using System.CommandLine;
using ClusterOperator.Cli;
using ClusterOperator.Configuration;

// Before any verb can touch the client's serializer, whose options freeze on first use.
KubernetesJsonDepth.Raise();

var root = new RootCommand(
    "ClusterOperator: GPU training runs and idea experiments scheduled at once, kept fair by a fair-share controller.")
{
    SandboxCommand.Create(),
    RunCommand.Create(),
    CrdsCommand.Create(),
    ReplayCommand.Create(),
    BenchCommand.Create(),
    BenchOperatorCommand.Create(),
    BenchSandboxCommand.Create(),
    SoakCommand.Create(),
};

// SIGTERM and Ctrl-C cancel the verb's token. The operator then ends its term and releases its lease, which takes up
// to a renew deadline (10 s by default) when the API server is slow; the process is only cut short after that.
return await root.Parse(args).InvokeAsync(new InvocationConfiguration { ProcessTerminationTimeout = TimeSpan.FromSeconds(20) });
