"""bottom_up"""
