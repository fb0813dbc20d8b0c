using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Running;
using BenchmarkDotNet.Toolchains.InProcess.Emit;

namespace Fleet.Benchmarks.Micro;

/// <summary>
/// `micro`: BenchmarkDotNet on the hot paths, in this process (the in-process emit toolchain: no project is
/// generated and built per benchmark, which is slow and needs the network). Every BenchmarkDotNet option works,
/// e.g. `micro --filter '*Sketch*' --job short`; results go to artifacts/bench/micro unless --artifacts says otherwise.
/// </summary>
internal static class MicroCommand
{
    public static readonly Type[] Benchmarks =
        [typeof(SketchBenchmarks), typeof(ValidatorBenchmarks), typeof(WindowsBenchmarks), typeof(PendingBenchmarks), typeof(DriftBenchmarks)];

    public static int Run(string[] args)
    {
        var config = DefaultConfig.Instance
            .AddJob(Job.Default.WithToolchain(InProcessEmitToolchain.Instance).AsDefault())
            .WithArtifactsPath(Path.GetFullPath(Path.Combine("artifacts", "bench", "micro")));
        if (!args.Contains("--filter")) args = [.. args, "--filter", "*"];
        var summaries = BenchmarkSwitcher.FromTypes(Benchmarks).Run(args, config);
        return summaries.Any(s => s.HasCriticalValidationErrors || s.Reports.Any(r => !r.Success)) ? 1 : 0;
    }
}
