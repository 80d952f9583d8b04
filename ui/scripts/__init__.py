"""The Scripts step: the editor of a channel's script, the checks beside it, the objection
library and discovery guide, A/B variants, and the prospect card with its exports."""
