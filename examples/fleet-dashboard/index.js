// Fleet Dashboard: its capability is the panel (panel.html); the module has no steps.
export default {};
