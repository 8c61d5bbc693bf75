using System.CommandLine;
using ClusterOperator.Api.Schema;
using ClusterOperator.Configuration;
using ClusterOperator.Operator;
using ClusterOperator.Sandbox;

namespace ClusterOperator.Cli;

/// <summary>The <c>sandbox</c> verb: an embedded API server with simulated GPU nodes and, unless told otherwise, the operator.</summary>
internal static class SandboxCommand
{
    public static Command Create()
    {
        var nodes = new Option<int>("--nodes") { Description = "Simulated GPU nodes.", DefaultValueFactory = _ => 4 };
        var gpus = new Option<int>("--gpus-per-node") { Description = "GPUs per node.", DefaultValueFactory = _ => 8 };
        var gpuType = new Option<string>("--gpu-type") { Description = "GPU model label of every node.", DefaultValueFactory = _ => "H100" };
        var racks = new Option<int>("--racks") { Description = "Racks the nodes are spread over.", DefaultValueFactory = _ => 1 };
        var port = new Option<int>("--port") { Description = "Port on 127.0.0.1; 0 picks a free one.", DefaultValueFactory = _ => 0 };
        var kubeconfig = new Option<string>("--kubeconfig") { Description = "Where to write the kubeconfig with the generated token.", DefaultValueFactory = _ => ".sandbox/kubeconfig" };
        var clusterOnly = new Option<bool>("--cluster-only") { Description = "Serve only the cluster; run the operator separately with: clusteroperator run --kubeconfig PATH" };
        var metricsPort = new Option<int>("--metrics-port") { Description = "Port of the operator's /metrics, /healthz and /readyz on 127.0.0.1; 0 picks a free one.", DefaultValueFactory = _ => 0 };
        var faultRate = new Option<double>("--fault-rate") { Description = "Fraction of API requests answered with 500, or 429 with Retry-After." };
        var watchMax = new Option<int?>("--watch-max-seconds") { Description = "Close every watch after this many seconds." };
        var history = new Option<int>("--history") { Description = "Watch events retained; a small history forces 410 Expired.", DefaultValueFactory = _ => 10_000 };
        var command = new Command(
            "sandbox",
            "Start a local Kubernetes API server with simulated GPU nodes, register the CRDs, and run the operator against it. " +
            "Try manifests with kubectl; stop with Ctrl-C. Any --Section:Key=value overrides an operator setting, e.g. --FairShare:MinRuntime=0s.")
        {
            nodes, gpus, gpuType, racks, port, kubeconfig, clusterOnly, metricsPort, faultRate, watchMax, history,
        };
        command.TreatUnmatchedTokensAsErrors = false;
        command.SetAction(async (parse, ct) =>
        {
            var options = new SandboxOptions
            {
                Nodes = parse.GetValue(nodes),
                GpusPerNode = parse.GetValue(gpus),
                GpuType = parse.GetValue(gpuType)!,
                Racks = parse.GetValue(racks),
                Port = parse.GetValue(port),
                KubeconfigPath = parse.GetValue(kubeconfig),
                FaultRate = parse.GetValue(faultRate),
                WatchMaxSeconds = parse.GetValue(watchMax),
                History = parse.GetValue(history),
            };
            options.CustomResourceDefinitions.Add(CrdGenerator.GenerateYaml());
            var configuration = OperatorConfiguration.Build(null, parse.UnmatchedTokens, new Dictionary<string, string?>
            {
                ["Metrics:Url"] = $"http://127.0.0.1:{parse.GetValue(metricsPort)}",
                ["Operator:OperatorNamespace"] = "default",
            });
            using var loggers = Logging.Create(configuration);
            await using var sandbox = new SandboxHost(options, TimeProvider.System, loggers);
            await sandbox.StartAsync(ct);
            var output = parse.InvocationConfiguration.Output;
            await output.WriteLineAsync($"Sandbox API server at {sandbox.BaseUri} with {options.Nodes} nodes x {options.GpusPerNode} {options.GpuType} GPUs.");
            await output.WriteLineAsync($"Kubeconfig: {sandbox.KubeconfigPath}");
            await output.WriteLineAsync($"Try: kubectl --kubeconfig {sandbox.KubeconfigPath} apply -f examples/ && kubectl --kubeconfig {sandbox.KubeconfigPath} get tr,idea");
            if (parse.GetValue(clusterOnly))
            {
                await Task.Delay(Timeout.Infinite, ct).ContinueWith(_ => { }, TaskScheduler.Default);
                return 0;
            }

            using var client = ClientFactory.Create(sandbox.KubeconfigPath);
            try
            {
                await new OperatorHost(client, configuration, loggers, TimeProvider.System).RunAsync(ct);
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                // Ctrl-C or SIGTERM: a clean stop.
            }

            return 0;
        });
        return command;
    }
}
