using Evalstore.Bench;

return await IngestBenchmark.RunAsync(args);
