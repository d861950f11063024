// The operator tool library: commands, rendering, simulation.
