using BenchmarkDotNet.Running;

// dotnet run -c Release --project bench/Ludmin.Benchmarks -- --filter '*'
BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
