// Whether internal errors are shown with their stacks: `--debug` on the command line or GAIA_DEBUG set to a true value.
export const isTruthy = (v: string | undefined): boolean => v !== undefined && v !== "" && v !== "0" && v.toLowerCase() !== "false";
