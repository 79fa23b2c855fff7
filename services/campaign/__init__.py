"""Campaign service: campaigns, the communication toolkit, waves, the noodpakket behaviour goal and the activity calendar."""
