using Ludmin.Api.Hosting.CommandLine;
using Ludmin.Api.Hosting;

var builder = WebApplication.CreateBuilder(new WebApplicationOptions
{
    Args = CommandLineTools.HostArguments(args),
    EnvironmentName = LudminEnvironment.FromLudminConfig(Environment.GetEnvironmentVariable(LudminEnvironment.Variable)),
    ContentRootPath = ContentRoot.Choose(args, Environment.GetEnvironmentVariable, AppContext.BaseDirectory),
});
builder.Services.AddLudminApi();

var app = builder.Build();
if (CommandLineTools.IsCommand(args))
{
    return await CommandLineTools.RunAsync(app, args);
}

app.UseLudminApi();
await app.RunAsync();
return 0;
