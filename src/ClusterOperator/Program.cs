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

return await root.Parse(args).InvokeAsync();
