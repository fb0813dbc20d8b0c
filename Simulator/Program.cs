using Fleet.Simulator;

return await SimulatorCli.RunAsync(args, Console.Out, Console.Error);
