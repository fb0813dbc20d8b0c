using Fleet.Client;

return await FleetCli.RunAsync(args, Console.Out, Console.Error);
