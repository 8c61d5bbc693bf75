using System.CommandLine;
using ClusterOperator.Configuration;
using ClusterOperator.Operator;

namespace ClusterOperator.Cli;

/// <summary>The <c>run</c> verb: the operator itself, against a cluster.</summary>
internal static class RunCommand
{
    public static Command Create()
    {
        var kubeconfig = new Option<string?>("--kubeconfig") { Description = "Path of a kubeconfig. Default: the pod's service account in a cluster, else $KUBECONFIG or ~/.kube/config." };
        var watchNamespace = new Option<string?>("--namespace") { Description = "Watch only this namespace. Default: all namespaces." };
        var config = new Option<string?>("--config") { Description = "A JSON settings file, e.g. the chart's mounted appsettings.json." };
        var command = new Command(
            "run",
            "Run the operator: watch TrainingRuns, IdeaExperiments, pods and nodes; bind pods as the fair-share core decides. " +
            "Any --Section:Key=value overrides a setting, e.g. --FairShare:MinRuntime=0s or --LeaderElection:LeaseDuration=15s.")
        {
            kubeconfig,
            watchNamespace,
            config,
        };
        command.TreatUnmatchedTokensAsErrors = false;
        command.SetAction(async (parse, ct) =>
        {
            var defaults = new Dictionary<string, string?>();
            if (parse.GetValue(watchNamespace) is { } ns)
            {
                defaults["Operator:WatchNamespace"] = ns;
            }

            var configuration = OperatorConfiguration.Build(parse.GetValue(config), parse.UnmatchedTokens, defaults);
            using var loggers = Logging.Create(configuration);
            using var client = ClientFactory.Create(parse.GetValue(kubeconfig));
            await new OperatorHost(client, configuration, loggers, TimeProvider.System).RunAsync(ct);
            return 0;
        });
        return command;
    }
}
