"""chasing"""
