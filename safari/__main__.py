from safari.cli import app

app(prog_name="safari")
