using System.Net;
using System.Net.Sockets;
using ClusterOperator.Sandbox.Tests.Support;
using k8s;
using k8s.Models;

namespace ClusterOperator.Sandbox.Tests.Integration;

public sealed class SecurityAndFaultTests
{
    [Fact]
    public async Task Requests_without_the_token_or_with_a_wrong_one_get_401_Status()
    {
        await using var host = await StartAsync(new SandboxOptions { Nodes = 0, KubeconfigPath = null });
        using var anonymous = RawApi.WithoutToken(host);
        using var impostor = new RawApi(host, token: "wrong");

        var (anonymousStatus, body) = await anonymous.GetAsync("/api/v1/namespaces");
        var (impostorStatus, _) = await impostor.GetAsync("/version");

        Assert.Equal(401, anonymousStatus);
        Assert.Equal("Unauthorized", (string?)body!["reason"]);
        Assert.Equal(401, impostorStatus);
    }

    [Fact]
    public async Task The_server_listens_on_loopback_only_over_tls()
    {
        await using var host = await StartAsync(new SandboxOptions { Nodes = 0, KubeconfigPath = null });

        Assert.Equal("https", host.BaseUri.Scheme);
        Assert.Equal("127.0.0.1", host.BaseUri.Host);
        var other = System.Net.NetworkInformation.NetworkInterface.GetAllNetworkInterfaces()
            .SelectMany(i => i.GetIPProperties().UnicastAddresses)
            .Select(a => a.Address)
            .FirstOrDefault(a => a.AddressFamily == AddressFamily.InterNetwork && !IPAddress.IsLoopback(a));
        if (other is not null)
        {
            using var socket = new TcpClient();
            await Assert.ThrowsAnyAsync<SocketException>(() => socket.ConnectAsync(other, host.BaseUri.Port));
        }
    }

    [Fact]
    public async Task The_written_kubeconfig_works_with_kubernetes_client()
    {
        var directory = Directory.CreateTempSubdirectory("sandbox-kubeconfig-");
        try
        {
            await using var host = await StartAsync(new SandboxOptions
            {
                Nodes = 1,
                KubeconfigPath = Path.Combine(directory.FullName, "nested", "kubeconfig"),
            });

            var configuration = KubernetesClientConfiguration.BuildConfigFromConfigFile(host.KubeconfigPath);
            using var client = new Kubernetes(configuration);
            var nodes = await client.CoreV1.ListNodeAsync();

            Assert.Single(nodes.Items);
            if (!OperatingSystem.IsWindows())
            {
                Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(host.KubeconfigPath!));
            }
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task Fault_rate_one_fails_every_api_request_with_500_or_429_and_retry_after()
    {
        await using var host = await StartAsync(new SandboxOptions { Nodes = 0, KubeconfigPath = null, FaultSeed = 7 });
        host.Faults.Rate = 1;
        using var api = new RawApi(host);

        var codes = new List<int>();
        for (var attempt = 0; attempt < 20; attempt++)
        {
            using var response = await api.Http.GetAsync("/api/v1/namespaces");
            codes.Add((int)response.StatusCode);
            if (response.StatusCode == HttpStatusCode.TooManyRequests)
            {
                Assert.Equal(TimeSpan.FromSeconds(1), response.Headers.RetryAfter!.Delta);
            }
        }

        Assert.All(codes, code => Assert.Contains(code, new[] { 429, 500 }));
        Assert.Contains(429, codes);
        Assert.Contains(500, codes);
        Assert.Equal(20, host.Faults.InjectedErrors);
        host.Faults.Rate = 0;
        Assert.Equal(HttpStatusCode.OK, (await api.Http.GetAsync("/api/v1/namespaces")).StatusCode);
    }

    [Fact]
    public async Task Fault_exempt_users_are_always_served_while_others_meet_the_faults()
    {
        var options = new SandboxOptions { Nodes = 0, KubeconfigPath = null, FaultRate = 1 };
        options.Users["driver"] = "driver-token";
        options.FaultExemptUsers.Add("driver");
        await using var host = await StartAsync(options);
        using var driver = new RawApi(host, "driver-token");
        using var admin = new RawApi(host);

        var driverCodes = new List<int>();
        for (var attempt = 0; attempt < 10; attempt++)
        {
            driverCodes.Add((await driver.GetAsync("/api/v1/namespaces")).Status);
        }

        Assert.All(driverCodes, code => Assert.Equal(200, code));
        Assert.Contains((await admin.GetAsync("/api/v1/namespaces")).Status, new[] { 429, 500 });
    }

    [Fact]
    public async Task Watch_max_seconds_closes_long_watches()
    {
        await using var host = await StartAsync(new SandboxOptions { Nodes = 0, KubeconfigPath = null, WatchMaxSeconds = 1 });
        using var api = new RawApi(host);
        var clock = System.Diagnostics.Stopwatch.StartNew();

        var events = await api.WatchLinesAsync("/api/v1/namespaces/default/configmaps?watch=true&timeoutSeconds=60", 10,
            TimeSpan.FromSeconds(30));

        Assert.Empty(events);
        Assert.InRange(clock.Elapsed.TotalSeconds, 0.5, 20);
        Assert.Equal(1, host.Faults.WatchesClosed);
    }

    [Fact]
    public async Task Small_history_forces_410_for_watches_that_fall_behind()
    {
        await using var host = await StartAsync(new SandboxOptions { Nodes = 0, KubeconfigPath = null, History = 3 });
        using var client = SandboxFixture.NewClient(host);
        var start = (await client.CoreV1.ListNamespacedConfigMapAsync("default")).Metadata.ResourceVersion;
        for (var index = 0; index < 5; index++)
        {
            await client.CoreV1.CreateNamespacedConfigMapAsync(new V1ConfigMap { Metadata = new V1ObjectMeta { Name = $"c{index}" } }, "default");
        }

        Exception? failure = null;
        await foreach (var _ in client.CoreV1.WatchListNamespacedConfigMapAsync("default", resourceVersion: start, timeoutSeconds: 5,
                           onError: error => failure = error))
        {
            Assert.Fail("an expired watch must not deliver events");
        }

        Assert.Equal(410, Assert.IsType<KubernetesException>(failure).Status.Code);
    }

    [Fact]
    public async Task Event_log_records_every_committed_change_in_order()
    {
        await using var host = await StartAsync(new SandboxOptions { Nodes = 1, KubeconfigPath = null, RecordEventLog = true });
        using var client = SandboxFixture.NewClient(host);
        await client.CoreV1.CreateNamespacedConfigMapAsync(new V1ConfigMap { Metadata = new V1ObjectMeta { Name = "logged" } }, "default");
        await client.CoreV1.DeleteNamespacedConfigMapAsync("logged", "default");

        var log = host.EventLog();

        var mine = log.Where(e => e.Resource == "configmaps" && e.Name == "logged").ToList();
        Assert.Equal(["ADDED", "DELETED"], mine.Select(e => e.Type));
        Assert.Equal("logged", mine[0].Body.GetProperty("metadata").GetProperty("name").GetString());
        Assert.Contains(log, e => e.Resource == "nodes" && e.Type == "ADDED");
        Assert.Equal(log.Select(e => e.ResourceVersion).Order(), log.Select(e => e.ResourceVersion));
    }

    [Fact]
    public async Task Lease_updates_from_two_candidates_conflict_so_only_one_can_take_it()
    {
        await using var host = await StartAsync(new SandboxOptions { Nodes = 0, KubeconfigPath = null });
        using var first = SandboxFixture.NewClient(host);
        using var second = SandboxFixture.NewClient(host);
        await first.CoordinationV1.CreateNamespacedLeaseAsync(new V1Lease
        {
            Metadata = new V1ObjectMeta { Name = "leader" },
            Spec = new V1LeaseSpec { HolderIdentity = "nobody", LeaseDurationSeconds = 15 },
        }, "default");
        var seenByFirst = await first.CoordinationV1.ReadNamespacedLeaseAsync("leader", "default");
        var seenBySecond = await second.CoordinationV1.ReadNamespacedLeaseAsync("leader", "default");

        seenByFirst.Spec.HolderIdentity = "first";
        await first.CoordinationV1.ReplaceNamespacedLeaseAsync(seenByFirst, "leader", "default");
        seenBySecond.Spec.HolderIdentity = "second";
        await ApiErrors.ExpectAsync(HttpStatusCode.Conflict,
            () => second.CoordinationV1.ReplaceNamespacedLeaseAsync(seenBySecond, "leader", "default"));

        Assert.Equal("first", (await second.CoordinationV1.ReadNamespacedLeaseAsync("leader", "default")).Spec.HolderIdentity);
    }

    private static async Task<SandboxHost> StartAsync(SandboxOptions options)
    {
        var host = new SandboxHost(options);
        await host.StartAsync();
        return host;
    }
}
