// Commands the tests start through zx get /dev/null as stdin, as the toolkit's own tool calls do: with the worker's
// socket as stdin, bash sources ~/.bashrc first, and whatever that starts can stall every call.
import { $ } from "zx";

$.stdio = ["ignore", "pipe", "pipe"];
