"""top_down"""
