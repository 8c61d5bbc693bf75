using System.CommandLine;
using ClusterOperator.Api.Schema;

namespace ClusterOperator.Cli;

/// <summary>The <c>crds</c> verb: prints the CustomResourceDefinitions generated from the API types.</summary>
internal static class CrdsCommand
{
    public static Command Create()
    {
        var command = new Command(
            "crds",
            "Print the TrainingRun and IdeaExperiment CustomResourceDefinitions as YAML, generated from the C# API types. " +
            "config/crd/crds.yaml and the chart's crds/ hold exactly this output; apply it with: clusteroperator crds | kubectl apply -f -");
        command.SetAction(parse =>
        {
            parse.InvocationConfiguration.Output.Write(CrdGenerator.GenerateYaml());
            return 0;
        });
        return command;
    }
}
