using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Running;

namespace Fleet.Benchmarks.Micro;

/// <summary>
/// `micro`: BenchmarkDotNet on the hot paths, in this process (the in-process emit toolchain: no project is
/// generated and built per benchmark, which is slow and needs the network). Every BenchmarkDotNet option works,
/// e.g. `micro --filter '*Sketch*' --job short`; results go to artifacts/bench/micro unless --artifacts says otherwise.
/// </summary>
internal static class MicroCommand
{
    public static readonly Type[] Benchmarks =
        [typeof(SketchBenchmarks), typeof(ValidatorBenchmarks), typeof(WindowsBenchmarks), typeof(PendingBenchmarks), typeof(DriftBenchmarks), typeof(IngestRequestBenchmarks),
         typeof(EvaluationBenchmarks)];

    public static int Run(string[] args)
    {
        // --inProcess makes BenchmarkDotNet use InProcessEmitToolchain for whichever job --job picks.
        if (!args.Contains("--inProcess") && !args.Contains("-i")) args = [.. args, "--inProcess"];
        if (!args.Contains("--filter")) args = [.. args, "--filter", "*"];
        var config = DefaultConfig.Instance.WithArtifactsPath(Path.GetFullPath(Path.Combine("artifacts", "bench", "micro")));
        var summaries = BenchmarkSwitcher.FromTypes(Benchmarks).Run(args, config);
        return summaries.Any(s => s.HasCriticalValidationErrors || s.Reports.Any(r => !r.Success)) ? 1 : 0;
    }
}
